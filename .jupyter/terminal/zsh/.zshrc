# The lab's terminals (zsh, macOS's default): your own ~/.zshrc first, then the course's Python
# first on PATH, as `source .venv/bin/activate` would do.
[ -f "${COURSE_ZDOTDIR:-$HOME}/.zshrc" ] && . "${COURSE_ZDOTDIR:-$HOME}/.zshrc"
if [ -d "$COURSE_VENV" ]; then
    export VIRTUAL_ENV="$COURSE_VENV" PATH="$COURSE_VENV/bin:$PATH"
fi
