"""The command line: thin Typer apps that parse options, call the core and print."""
