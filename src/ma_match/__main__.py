from ma_match.cli import main

main()
