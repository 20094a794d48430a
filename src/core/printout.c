/* printout.c — saving and printing text pages (see printout.h). */
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <limits.h>
#include <poll.h>
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
/* Feeds len bytes of text to the command (fd to) while reading what it says
 * (fd from) into said, at the same time: a command that talks before it
 * reads, or a page larger than a pipe, never blocks guichet. Closes both
 * descriptors; returns 0 or the errno of a failed write (EPIPE when the
 * command stopped reading). said gets at most size - 1 bytes, the rest is
 * read and dropped; tidy_said cleans it afterwards. */
static int pump(int to, const char *text, size_t len, int from, char *said, size_t size,
                size_t *got)
{
    int werr = 0, wopen = 1, ropen = 1;
    size_t off = 0;
    *got = 0;
    fcntl(to, F_SETFL, fcntl(to, F_GETFL) | O_NONBLOCK);
    if (len == 0) {
        close(to);
        wopen = 0;
    }
    while (wopen || ropen) {
        struct pollfd p[2];
        nfds_t n = 0;
        int wi = -1, ri = -1;
        if (wopen)
            p[wi = (int)n++] = (struct pollfd){.fd = to, .events = POLLOUT};
        if (ropen)
            p[ri = (int)n++] = (struct pollfd){.fd = from, .events = POLLIN};
        if (poll(p, n, -1) < 0) {
            if (errno == EINTR)
                continue;
            werr = errno;
            break;
        }
        if (wi >= 0 && p[wi].revents) {
            ssize_t w = write(to, text + off, len - off);
            if (w > 0)
                off += (size_t)w;
            else if (w < 0 && errno != EAGAIN && errno != EINTR)
                werr = errno;
            if (werr || off == len || (p[wi].revents & (POLLERR | POLLHUP))) {
                if (!werr && off < len)
                    werr = EPIPE;
                close(to);
                wopen = 0;
            }
        }
        if (ri >= 0 && p[ri].revents) {
            char chunk[256];
            ssize_t r = read(from, chunk, sizeof chunk);
            if (r > 0) {
                size_t keep = (size_t)r < size - 1 - *got ? (size_t)r : size - 1 - *got;
                memcpy(said + *got, chunk, keep);
                *got += keep;
            } else if (r == 0 || (errno != EINTR && errno != EAGAIN)) {
                ropen = 0;
            }
        }
    }
    if (wopen)
        close(to);
    close(from);
    said[*got] = 0;
    return werr;
}

/* The command's words as one clean line for an error message. */
static void tidy_said(char *said, size_t got)
{
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
    char said[512];
    size_t got = 0;
    int write_error = pump(in[1], text ? text : "", len, outp[0], said, sizeof said, &got);
    tidy_said(said, got);
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
