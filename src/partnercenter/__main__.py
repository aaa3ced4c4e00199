"""`python -m partnercenter` is the same as the `partnercenter` command."""

from partnercenter.cli import main

main()
