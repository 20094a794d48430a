#!/bin/sh
# charger.sh — loads a folder of guichet funders' files (any number of sites
# and days, in subfolders or not) into PostgreSQL:
#
#     sh charger.sh DOSSIER [DOSSIER…] | psql -X -q -v ON_ERROR_STOP=1 -d BASE
#
# Writes on its standard output one psql script, in one transaction: the
# tables and staging tables (charger.sql), then for each kind of file one
# COPY … FROM STDIN fed with the data rows of every complete day (its
# manifest is present; header line, byte-order mark and carriage returns
# removed, so sites with or without BOM/CRLF mix), then the merge
# (guichet_fusionner: counts checked against the manifests, each site and day
# replaced). Sites must keep the default separator ';'.
# docs/export-format.md, « Charger des milliers de sites ».
set -eu
here=$(cd "$(dirname "$0")" && pwd)
if [ $# -eq 0 ]; then
    echo "usage : sh charger.sh DOSSIER [DOSSIER…] | psql -X -q -v ON_ERROR_STOP=1 -d BASE" >&2
    exit 2
fi
list=$(mktemp)
trap 'rm -f "$list"' EXIT
# the complete days: manifeste-<matricule>-<date>.csv (hidden temporary files excluded)
find "$@" -type f -name 'manifeste-*.csv' | LC_ALL=C sort > "$list"
echo 'BEGIN;'
cat "$here/charger.sql"
for kind in manifeste activite orientations rendez-vous synthese; do
    table=$(echo "$kind" | tr - _)
    echo "COPY etape_$table FROM STDIN WITH (FORMAT csv, DELIMITER ';');"
    sed "s|/manifeste-\([^/]*\)\$|/$kind-\1|" "$list" | tr '\n' '\0' |
        xargs -0 -r awk 'FNR > 1 { sub(/\r$/, ""); print }'
    printf '%s\n' '\.'
done
echo 'SELECT pg_temp.guichet_fusionner() AS jours_charges;'
echo 'COMMIT;'
