/* test_printout.c — pages saved and sent to the printer command. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "guichet/printout.h"
#include "testutil.h"

static void test_a_talkative_command_never_blocks(void **state)
{
    (void)state;
    /* 200 kB each way, more than a pipe holds: the command writes all it
     * has to say before it reads the page */
    size_t len = 200000;
    char *page = malloc(len + 1);
    assert_non_null(page);
    memset(page, 'p', len);
    page[len] = 0;
    char cmd[600];
    snprintf(cmd, sizeof cmd, "head -c 200000 /dev/zero | tr '\\\\0' x; cat > '%s'",
             tu_path("printed.txt"));
    g_error err = {0};
    assert_int_equal(printout_print(cmd, page, &err), G_OK);
    struct stat st;
    assert_int_equal(stat(tu_path("printed.txt"), &st), 0);
    assert_int_equal((size_t)st.st_size, len);
    free(page);
}

static void test_a_failing_command_says_why_on_one_line(void **state)
{
    (void)state;
    g_error err = {0};
    assert_int_equal(
        printout_print("cat >/dev/null; printf 'lp: imprimante\\nabsente\\n' >&2; exit 1", "page\n",
                       &err),
        G_ERR_IO);
    assert_non_null(strstr(err.msg, "imprimante absente"));
    assert_null(strchr(err.msg, '\n'));
    /* a command that stops reading at once: reported, guichet survives */
    assert_int_equal(printout_print("exit 0", "page\n", &err), G_OK);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_a_talkative_command_never_blocks),
        cmocka_unit_test(test_a_failing_command_says_why_on_one_line),
    };
    int rc = cmocka_run_group_tests(tests, NULL, NULL);
    tu_cleanup();
    return rc;
}
