// The one translation unit that compiles Boost.Asio, Asio SSL and Beast. Every other file
// sees them with *_SEPARATE_COMPILATION defined (flowscope_asio_defs) and only declares,
// which keeps incremental builds and CI fast.
#include <boost/asio/impl/src.hpp>
#include <boost/asio/ssl/impl/src.hpp>
#include <boost/beast/src.hpp>
