# SPDX-License-Identifier: LGPL-2.1-or-later
"""TAP output for the Python test drivers: one counter per driver.

    import tap
    tap.ok("name"); tap.notok("name", why); tap.skip("name", why)
    return tap.finish()    # prints the plan; 1 when a case failed
"""

n = 0
failed = 0


def ok(name):
    global n
    n += 1
    print("ok %d - %s" % (n, name))


def notok(name, why):
    global n, failed
    n += 1
    failed += 1
    print("not ok %d - %s" % (n, name))
    for line in str(why).splitlines():
        print("# " + line)


def skip(name, why):
    global n
    n += 1
    print("ok %d - %s # SKIP %s" % (n, name, why))


def finish():
    """Print the plan; the driver's exit status."""
    print("1..%d" % n)
    return 1 if failed else 0
