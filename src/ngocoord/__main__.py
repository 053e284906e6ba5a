from ngocoord.cli.app import main

main()
