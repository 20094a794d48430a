/* printout.c — saving and printing text pages (see printout.h). */
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "guichet/i18n.h"
#include "guichet/printout.h"
#include "guichet/utf8.h"

static int write_all(int fd, const char *p, size_t n)
{
    while (n > 0) {
        ssize_t w = write(fd, p, n);
        if (w < 0) {
            if (errno == EINTR)
                continue;
            return -1;
        }
        p += w;
        n -= (size_t)w;
    }
    return 0;
}

g_status printout_save(const char *path, const char *text, g_error *err)
{
    if (!path || !*path)
        return g_err_field(err, G_ERR_INVALID, "file", _("Indiquez le nom du fichier."));
    char tmp[PATH_MAX], dir[PATH_MAX];
    if (snprintf(tmp, sizeof tmp, "%s.tmp-XXXXXX", path) >= (int)sizeof tmp)
        return g_err_field(err, G_ERR_INVALID, "file", _("Le nom du fichier est trop long."));
    snprintf(dir, sizeof dir, "%s", path);
    int fd = mkstemp(tmp); /* mode 0600 */
    if (fd < 0)
        return g_err(err, G_ERR_IO, _("Impossible de créer « %s » : %s."), path, strerror(errno));
    size_t len = text ? strlen(text) : 0;
    int e = 0;
    if (write_all(fd, text ? text : "", len) != 0 || fsync(fd) != 0)
        e = errno;
    if (close(fd) != 0 && !e)
        e = errno;
    if (!e && rename(tmp, path) != 0)
        e = errno;
    if (e) {
        unlink(tmp);
        return g_err(err, G_ERR_IO, _("Impossible d'écrire « %s » : %s. Rien n'a été modifié."),
                     path, strerror(e));
    }
    int dfd = open(dirname(dir), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dfd >= 0) {
        fsync(dfd);
        close(dfd);
    }
    return G_OK;
}

static int pipe_cloexec(int fds[2])
{
    if (pipe(fds) != 0)
        return -1;
    fcntl(fds[0], F_SETFD, FD_CLOEXEC);
    fcntl(fds[1], F_SETFD, FD_CLOEXEC);
    return 0;
}

/* Reads what the command said (lp's "request id", or its error) so that it
 * neither lands on the curses screen nor is lost: all of it, joined into one
 * line (newlines and tabs become single spaces), goes into the error
 * message. Output that is not UTF-8 is dropped; a cut keeps whole
 * characters. */
static void read_said(int fd, char *said, size_t size)
{
    size_t got = 0;
    for (;;) {
        char chunk[256];
        ssize_t n = read(fd, chunk, sizeof chunk);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            break;
        size_t keep = (size_t)n < size - 1 - got ? (size_t)n : size - 1 - got;
        memcpy(said + got, chunk, keep);
        got += keep; /* keep reading to the end so the command never blocks */
    }
    said[got] = 0;
    /* a cut in the middle of a character: back to the last whole one */
    while (got && !utf8_valid(said, got) && ((unsigned char)said[got - 1] & 0x80))
        said[--got] = 0;
    if (!utf8_valid(said, got)) {
        said[0] = 0;
        return;
    }
    size_t o = 0;
    for (size_t i = 0; i < got; i++) {
        char c = said[i];
        if (c == '\n' || c == '\r' || c == '\t' || c == '\v' || c == '\f')
            c = ' ';
        else if ((unsigned char)c < 0x20 || c == 0x7f)
            continue;
        if (c == ' ' && (o == 0 || said[o - 1] == ' '))
            continue;
        said[o++] = c;
    }
    while (o && said[o - 1] == ' ')
        o--;
    said[o] = 0;
}

g_status printout_print(const char *command, const char *text, g_error *err)
{
    if (!command || !*command)
        return g_err_field(err, G_ERR_INVALID, "print",
                           _("Aucune imprimante n'est configurée (réglage [print] command) : "
                             "enregistrez la page dans un fichier."));
    int in[2], outp[2];
    if (pipe_cloexec(in) != 0)
        return g_err(err, G_ERR_IO, _("Impression impossible : %s."), strerror(errno));
    if (pipe_cloexec(outp) != 0) {
        int e = errno;
        close(in[0]);
        close(in[1]);
        return g_err(err, G_ERR_IO, _("Impression impossible : %s."), strerror(e));
    }
    /* a printer command that stops reading must not kill guichet */
    struct sigaction ignore = {.sa_handler = SIG_IGN}, old;
    sigemptyset(&ignore.sa_mask);
    sigaction(SIGPIPE, &ignore, &old);
    fflush(NULL);
    pid_t pid = fork();
    if (pid < 0) {
        int e = errno;
        sigaction(SIGPIPE, &old, NULL);
        close(in[0]);
        close(in[1]);
        close(outp[0]);
        close(outp[1]);
        return g_err(err, G_ERR_IO, _("Impression impossible : %s."), strerror(e));
    }
    if (pid == 0) {
        signal(SIGPIPE, SIG_DFL);
        dup2(in[0], STDIN_FILENO);
        dup2(outp[1], STDOUT_FILENO);
        dup2(outp[1], STDERR_FILENO);
        execl("/bin/sh", "sh", "-c", command, (char *)NULL);
        _exit(127);
    }
    close(in[0]);
    close(outp[1]);
    size_t len = text ? strlen(text) : 0;
    int write_error = write_all(in[1], text ? text : "", len) != 0 ? (errno ? errno : EPIPE) : 0;
    close(in[1]);
    char said[512];
    read_said(outp[0], said, sizeof said);
    close(outp[0]);
    int status = 0;
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
        ;
    sigaction(SIGPIPE, &old, NULL);

    if (WIFEXITED(status) && WEXITSTATUS(status) == 127)
        return g_err(err, G_ERR_NOTFOUND,
                     _("Impression impossible : la commande « %s » est introuvable (réglage "
                       "[print] command)."),
                     command);
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
        int code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
        /* 2 is the shell refusing the command line itself (bad quoting…) */
        const char *advice = code == 2 ? _("Vérifiez le réglage [print] command et l'imprimante.")
                                       : _("Vérifiez l'imprimante.");
        return g_err(err, G_ERR_IO,
                     _("L'impression a échoué : « %s » a répondu par le code %d%s%s%s. %s"),
                     command, code, said[0] ? " (« " : "", said, said[0] ? " »)" : "", advice);
    }
    if (write_error)
        return g_err(err, G_ERR_IO,
                     _("L'impression a échoué : « %s » n'a pas lu toute la page (%s)."), command,
                     strerror(write_error));
    return G_OK;
}
