from portal.bootstrap import main

raise SystemExit(main())
