/* test_paths.c — the one rule for the settings file and the data folder:
 * XDG for one account, /etc/guichet + /var/lib/guichet for a multi-desk
 * server, and a loud refusal when the shared settings cannot be read. The
 * "system" folders are real files in the test's temporary directory. */
#include <grp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "guichet/config.h"
#include "guichet/paths.h"
#include "testutil.h"

static paths_env env_in_tmp(void)
{
    paths_env e = {0};
    e.home = tu_tmpdir();
    e.system_config = tu_path("etc/guichet/guichet.ini");
    e.system_data = "/srv/test-var-lib-guichet";
    return e;
}

static void make_file(const char *path)
{
    assert_int_equal(tu_sh("mkdir -p \"$(dirname '%s')\" && : > '%s'", path, path), 0);
}

static void test_user_layout_follows_xdg(void **state)
{
    (void)state;
    paths_env e = env_in_tmp();
    g_paths p;
    g_error err = {0};
    char want[600];
    assert_int_equal(paths_resolve(&e, &p, &err), G_OK);
    assert_int_equal(p.layout, PATHS_USER);
    snprintf(want, sizeof want, "%s/.config/guichet/guichet.ini", tu_tmpdir());
    assert_string_equal(p.config, want);
    snprintf(want, sizeof want, "%s/.local/share/guichet", tu_tmpdir());
    assert_string_equal(p.data, want);

    /* absolute XDG variables win, relative ones are ignored (XDG rule) —
     * the same rule for the settings, the database and the printouts */
    e.xdg_config = "/srv/conf";
    e.xdg_data = "/srv/data";
    assert_int_equal(paths_resolve(&e, &p, &err), G_OK);
    assert_string_equal(p.config, "/srv/conf/guichet/guichet.ini");
    assert_string_equal(p.data, "/srv/data/guichet");
    e.xdg_config = "relative/conf";
    e.xdg_data = "relative/data";
    assert_int_equal(paths_resolve(&e, &p, &err), G_OK);
    snprintf(want, sizeof want, "%s/.local/share/guichet", tu_tmpdir());
    assert_string_equal(p.data, want);
    tu_cleanup();
}

static void test_system_layout_when_the_shared_file_exists(void **state)
{
    (void)state;
    paths_env e = env_in_tmp();
    make_file(e.system_config);
    g_paths p;
    g_error err = {0};
    assert_int_equal(paths_resolve(&e, &p, &err), G_OK);
    assert_int_equal(p.layout, PATHS_SYSTEM);
    assert_string_equal(p.config, e.system_config);
    assert_string_equal(p.data, "/srv/test-var-lib-guichet");

    /* an account's own settings win over the shared ones */
    char own[600];
    snprintf(own, sizeof own, "%s/.config/guichet/guichet.ini", tu_tmpdir());
    make_file(own);
    assert_int_equal(paths_resolve(&e, &p, &err), G_OK);
    assert_int_equal(p.layout, PATHS_USER);
    assert_string_equal(p.config, own);

    /* --config naming the shared file means the shared data folder too */
    assert_int_equal(paths_for_config(&e, e.system_config, &p, &err), G_OK);
    assert_int_equal(p.layout, PATHS_SYSTEM);
    assert_string_equal(p.data, "/srv/test-var-lib-guichet");
    assert_int_equal(paths_for_config(&e, "/tmp/autre.ini", &p, &err), G_OK);
    assert_int_equal(p.layout, PATHS_USER);
    assert_string_equal(p.config, "/tmp/autre.ini");
    tu_cleanup();
}

/* A desk account outside the group must be told, not given a private base. */
static void test_unreadable_shared_file_names_the_group(void **state)
{
    (void)state;
    paths_env e = env_in_tmp();
    make_file(e.system_config);
    assert_int_equal(chmod(e.system_config, 0640), 0);
    struct stat st;
    assert_int_equal(stat(e.system_config, &st), 0);
    struct group *gr = getgrgid(st.st_gid);
    char group[64];
    snprintf(group, sizeof group, "%s", gr ? gr->gr_name : "");
    /* and /etc/guichet itself closed to the account (0750): the file cannot
     * even be seen, which is not the same as absent */
    paths_env closed = env_in_tmp();
    closed.system_config = tu_path("etc2/guichet/guichet.ini");
    make_file(closed.system_config);
    assert_int_equal(chmod(tu_path("etc2/guichet"), 0750), 0);
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        /* root reads everything: become nobody (65534) to be refused; an
         * ordinary account makes the file unreadable to itself instead */
        if (getuid() == 0) {
            if (chmod(tu_tmpdir(), 0755) != 0 || setgroups(0, NULL) != 0 || setgid(65534) != 0 ||
                setuid(65534) != 0)
                _exit(10);
        } else if (chmod(e.system_config, 0) != 0 || chmod(tu_path("etc2/guichet"), 0) != 0) {
            _exit(11);
        }
        g_paths p;
        g_error err = {0};
        if (paths_resolve(&e, &p, &err) != G_ERR_IO)
            _exit(12);
        if (!strstr(err.msg, e.system_config) || !strstr(err.msg, "ne peut pas le lire"))
            _exit(13);
        if (group[0] && !strstr(err.msg, group))
            _exit(14);
        g_error err2 = {0};
        if (paths_resolve(&closed, &p, &err2) != G_ERR_IO)
            _exit(15);
        if (!strstr(err2.msg, closed.system_config) || (group[0] && !strstr(err2.msg, group)))
            _exit(16);
        _exit(0);
    }
    int status = 0;
    assert_int_equal(waitpid(pid, &status, 0), pid);
    assert_true(WIFEXITED(status));
    assert_int_equal(WEXITSTATUS(status), 0);
    tu_cleanup();
}

/* config.c, main.c (demo database) and the printouts use the same rule. */
static void test_config_uses_the_rule(void **state)
{
    (void)state;
    setenv("HOME", tu_tmpdir(), 1);
    setenv("XDG_DATA_HOME", "relative/ignored", 1);
    unsetenv("XDG_CONFIG_HOME");
    g_config c;
    config_defaults(&c);
    char want[600], buf[4200];
    snprintf(want, sizeof want, "%s/.local/share/guichet", tu_tmpdir());
    assert_string_equal(c.data_dir, want);
    config_db_path(&c, buf, sizeof buf);
    snprintf(want, sizeof want, "%s/.local/share/guichet/guichet.db", tu_tmpdir());
    assert_string_equal(buf, want);
    g_error err = {0};
    assert_int_equal(config_load(NULL, &c, NULL, 0, &err), G_OK);
    assert_int_equal(paths_print_dir(buf, sizeof buf, &err), G_OK);
    snprintf(want, sizeof want, "%s/.local/share/guichet/impressions", tu_tmpdir());
    assert_string_equal(buf, want);
    struct stat st;
    assert_int_equal(stat(buf, &st), 0);
    assert_true(S_ISDIR(st.st_mode));
    unsetenv("XDG_DATA_HOME");
    tu_cleanup();
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_user_layout_follows_xdg),
        cmocka_unit_test(test_system_layout_when_the_shared_file_exists),
        cmocka_unit_test(test_unreadable_shared_file_names_the_group),
        cmocka_unit_test(test_config_uses_the_rule),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
