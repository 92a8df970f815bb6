"""JupyterLab for the course: `make lab` points JUPYTER_CONFIG_DIR at this folder.

The lab is rooted at the course folder, so the lessons, the homework and `course_lib` are all
in its file browser, and it opens on the lessons. Options given on the command line (`make lab
LAB_ARGS=…`) override these. `custom/custom.css` beside this file (loaded because of
`custom_css`) wraps long output lines between words instead of in the middle of a word.
Your own lab settings made in this lab are kept in `lab/` here (git-ignored).
"""

from pathlib import Path

COURSE = Path(__file__).resolve().parent.parent

c = get_config()  # noqa: F821  (provided by Jupyter when it loads this file)
c.ServerApp.root_dir = str(COURSE)
c.LabApp.default_url = "/lab/tree/notebooks"
c.LabApp.custom_css = True
