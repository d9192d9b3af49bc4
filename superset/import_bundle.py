"""Import a campaign-metrics bundle into the Superset whose config SUPERSET_CONFIG_PATH names, as
Superset's assets importer does (POST /api/v1/assets/import/): everything in the bundle is
overwritten in place, matched by UUID, so a re-import after a new snapshot or another --database
updates the same dashboard, charts and datasets (ids and URLs stay).

    python superset/import_bundle.py build/superset/campaign_metrics_bundle.zip [--user admin]

Runs in the Superset venv. The database password, if the URI needs one, is not in the bundle:
superset_config.py reads it from CM_SQL_PASSWORD when the server connects.
"""
import argparse
import sys
from zipfile import ZipFile


def main(argv):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("bundle")
    parser.add_argument("--user", default="admin", help="owner of what is imported (default admin)")
    args = parser.parse_args(argv[1:])

    from superset.app import create_app

    app = create_app()
    with app.app_context():
        from flask import g
        from superset import security_manager
        from superset.commands.importers.v1.assets import ImportAssetsCommand
        from superset.commands.importers.v1.utils import get_contents_from_bundle

        g.user = security_manager.find_user(username=args.user)
        if g.user is None:
            print(f"import: no Superset user {args.user!r}", file=sys.stderr)
            return 2
        with ZipFile(args.bundle) as bundle:
            contents = get_contents_from_bundle(bundle)
        try:
            ImportAssetsCommand(contents).run()
        except Exception as e:  # the command's messages name the file and the field
            print(f"import: {args.bundle}: {e}", file=sys.stderr)
            for detail in getattr(e, "_exceptions", []) or []:
                print(f"import:   {getattr(detail, 'messages', detail)}", file=sys.stderr)
            return 1
        kinds = {}
        for name in contents:
            kinds[name.split("/")[0]] = kinds.get(name.split("/")[0], 0) + 1
        print("import: " + args.bundle + ": " + ", ".join(f"{n} {k}" for k, n in sorted(kinds.items())
                                                          if k != "metadata.yaml"))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
