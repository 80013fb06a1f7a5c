/* The system zlib, for reading gzip-compressed data files (IDX, CSV). */
#include <zlib.h>
