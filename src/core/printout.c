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

g_status printout_print(const char *command, const char *text, g_error *err)
{
    if (!command || !*command)
        return g_err_field(err, G_ERR_INVALID, "print",
                           _("Aucune imprimante n'est configurée (réglage [print] command) : "
                             "enregistrez la page dans un fichier."));
    fflush(NULL);
    /* a printer command that stops reading must not kill guichet */
    struct sigaction ign = {0}, old;
    ign.sa_handler = SIG_IGN;
    sigaction(SIGPIPE, &ign, &old);
    FILE *p = popen(command, "w");
    if (!p) {
        int e = errno;
        sigaction(SIGPIPE, &old, NULL);
        return g_err(err, G_ERR_IO, _("L'impression n'a pas pu démarrer (« %s ») : %s."), command,
                     strerror(e));
    }
    size_t len = text ? strlen(text) : 0;
    int werr = len && fwrite(text, 1, len, p) != len;
    int st = pclose(p);
    sigaction(SIGPIPE, &old, NULL);
    if (st == -1)
        return g_err(err, G_ERR_IO, _("L'impression (« %s ») a échoué : %s."), command,
                     strerror(errno));
    if (WIFEXITED(st) && WEXITSTATUS(st) == 127)
        return g_err(err, G_ERR_IO,
                     _("La commande d'impression « %s » est introuvable. Vérifiez le réglage "
                       "[print] command."),
                     command);
    if (!WIFEXITED(st) || WEXITSTATUS(st) != 0)
        return g_err(err, G_ERR_IO,
                     _("L'impression a échoué : « %s » a répondu par le code %d. Vérifiez "
                       "l'imprimante."),
                     command, WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st));
    if (werr)
        return g_err(err, G_ERR_IO, _("L'impression a échoué : « %s » n'a pas lu toute la page."),
                     command);
    return G_OK;
}
