"""The `frontdesk` command: one module of subcommands per area, registered in main.py."""
