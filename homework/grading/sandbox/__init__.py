"""Keeping untrusted student code in its box: limits, namespaces, a clean environment, cleanup.

`limits` says how much a submission may use; `linux` builds namespaces on Linux; `plan`
decides at run time what this machine supports; `bwrap` is the command that starts a student
process in its own root; `persona` makes each graded run look like a student's own laptop
(user, host, folders, key), `environment` builds a student process's variables from it, and
`tls` serves the fakes at the real services' names inside the box; `cleanup` ends every
process a submission started.
"""
