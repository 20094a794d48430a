# install-prefixed.cmake — run by `cmake --install`: the files that name an
# installed path (the systemd units, the cron lines, the man page) are
# written for the prefix of this install, which `--prefix` may choose only
# now. data/ writes them for /usr/local (the units and cron lines) and /usr
# (the man page's documentation folder).
#   GUICHET_PREFIXED_FILES: "source|destination folder" items
#   GUICHET_BINDIR, GUICHET_DOCDIR: relative to the prefix
foreach(item IN LISTS GUICHET_PREFIXED_FILES)
  string(REPLACE "|" ";" parts "${item}")
  list(GET parts 0 src)
  list(GET parts 1 dest)
  file(READ "${src}" text)
  set(bin "${CMAKE_INSTALL_PREFIX}/${GUICHET_BINDIR}/guichet")
  set(doc "${CMAKE_INSTALL_PREFIX}/${GUICHET_DOCDIR}")
  string(REPLACE "/usr/local/bin/guichet" "${bin}" text "${text}")
  string(REPLACE "/usr/local/share/doc/guichet" "${doc}" text "${text}")
  string(REPLACE "/usr/share/doc/guichet" "${doc}" text "${text}")
  get_filename_component(name "${src}" NAME)
  if(IS_ABSOLUTE "${dest}")
    set(dir "$ENV{DESTDIR}${dest}")
  else()
    set(dir "$ENV{DESTDIR}${CMAKE_INSTALL_PREFIX}/${dest}")
  endif()
  message(STATUS "Installing: ${dir}/${name}")
  file(MAKE_DIRECTORY "${dir}")
  file(WRITE "${dir}/${name}" "${text}")
endforeach()
