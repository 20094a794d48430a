#!/usr/bin/python3
"""The fault campaign (issue 12), rerun on demand: SIGKILL at random moments
while guichet saves, and count what an outside tester counts.

    GUICHET_BIN=build/guichet-test /usr/bin/python3 tests/faults/campagne.py [KILLS]

Each round starts `guichet agenda ressource add` commands one after the
other on one database (each a real commit through the core, acknowledged by
its exit status 0) and kills the running one with SIGKILL after a random
delay. After every kill: `guichet check` must pass (integrity, foreign keys,
the journal's chain and head) and every acknowledged resource must be in the
base. Not part of ctest (it runs for minutes; the ctest SIGKILL tests of
backup and export are its short form): the figures go to the closing notes
and docs/performance.md."""
import os
import random
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time

BIN = os.environ.get("GUICHET_BIN", "build/guichet-test")


def main():
    kills = int(sys.argv[1]) if len(sys.argv) > 1 else 200
    tmp = tempfile.mkdtemp(prefix="guichet-campagne-")
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": tmp, "LANG": "C.UTF-8",
           "LC_ALL": "C.UTF-8", "XDG_CONFIG_HOME": tmp + "/cfg", "XDG_DATA_HOME": tmp + "/data",
           "XDG_STATE_HOME": tmp + "/state"}
    if "GUICHET_LOCALEDIR" in os.environ:
        env["GUICHET_LOCALEDIR"] = os.environ["GUICHET_LOCALEDIR"]
    db = os.path.join(tmp, "g.db")
    p = subprocess.run([BIN, "--db", db, "init", "--matricule", "FS-58-0042", "--site-name",
                        "Campagne", "--admin", "sophie", "--password-stdin"],
                       input=b"mot-de-passe-sophie\n", env=env, capture_output=True)
    assert p.returncode == 0, p.stderr
    rng = random.Random(int(os.environ.get("GUICHET_CAMPAIGN_SEED", "12")))
    acked, killed_mid, n, lost, bad_checks = [], 0, 0, 0, 0
    # one uninterrupted save, to spread the kills over its length
    t0 = time.monotonic()
    subprocess.run([BIN, "--db", db, "agenda", "ressource", "add", "Salle témoin", "--type",
                    "salle"], env=env, capture_output=True, check=True)
    acked.append("Salle témoin")
    one = time.monotonic() - t0
    for k in range(kills):
        # a few saves that finish, then one killed at a random moment
        for _ in range(rng.randint(0, 2)):
            n += 1
            name = "Salle %d" % n
            r = subprocess.run([BIN, "--db", db, "agenda", "ressource", "add", name, "--type",
                                "salle"], env=env, capture_output=True)
            if r.returncode == 0:
                acked.append(name)
        n += 1
        name = "Salle %d" % n
        proc = subprocess.Popen([BIN, "--db", db, "agenda", "ressource", "add", name, "--type",
                                 "salle"], env=env, stdout=subprocess.DEVNULL,
                                stderr=subprocess.DEVNULL)
        time.sleep(rng.uniform(0, one * 1.1))
        proc.send_signal(signal.SIGKILL)
        rc = proc.wait()
        if rc == 0:
            acked.append(name)  # finished before the kill: acknowledged
        else:
            killed_mid += 1
        chk = subprocess.run([BIN, "--db", db, "check"], env=env, capture_output=True)
        if chk.returncode != 0:
            bad_checks += 1
            print("check après le kill %d : %s" % (k + 1, chk.stderr.decode().strip()))
        con = sqlite3.connect(db)
        have = {r[0] for r in con.execute("SELECT name FROM resource")}
        con.close()
        missing = [a for a in acked if a not in have]
        lost += len(missing)
        if missing:
            print("perdus après le kill %d : %s" % (k + 1, missing))
    print("SIGKILL pendant un enregistrement : %d (%d en cours d'écriture, %d après la fin) ; "
          "enregistrements confirmés : %d ; perdus : %d ; guichet check en échec : %d"
          % (kills, killed_mid, kills - killed_mid, len(acked), lost, bad_checks))
    return 1 if lost or bad_checks else 0


if __name__ == "__main__":
    sys.exit(main())
