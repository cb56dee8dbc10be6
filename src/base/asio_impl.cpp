// Boost.Asio (and its SSL part) compiled once for the whole project: every target defines
// BOOST_ASIO_SEPARATE_COMPILATION (through sc_asio), so including Asio headers elsewhere
// declares but does not instantiate its implementation (STYLE.md §6, build on 2 cores).
#include <boost/asio/impl/src.hpp>
#include <boost/asio/ssl/impl/src.hpp>
