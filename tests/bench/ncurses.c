/* ncurses.c — the bare ncurses program (bench_ncurses), the start-up anchor
 * of tests/bench/run: what any ncurses program pays before guichet does
 * anything of its own (the loader, the locale, the terminfo entry, the
 * first screen drawn). It draws the one line the benchmark waits for, then
 * waits for a key, as guichet's login screen does. Benchmark only. */
#include <curses.h>
#include <locale.h>

int main(void)
{
    setlocale(LC_ALL, "");
    initscr();
    cbreak();
    noecho();
    keypad(stdscr, TRUE);
    mvaddstr(LINES / 2, (COLS - 15) / 2, "Identifiez-vous");
    refresh();
    getch();
    endwin();
    return 0;
}
