"""Reading what offices send: spreadsheets, roster files, monthly report files."""
