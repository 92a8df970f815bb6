"""Keeping untrusted student code in its box: limits, namespaces, a clean environment, cleanup.

`limits` says how much a submission may use; `linux` builds namespaces on Linux; `plan`
decides at run time what this machine supports; `environment` builds a student process's
variables from scratch; `cleanup` ends every process a submission started.
"""
