#ifndef CVIGILREFDATA_H
#define CVIGILREFDATA_H
#include <stddef.h>
#include <stdint.h>

/// Number of IPv4 ranges in the shipped ip2region (China) table.
size_t vigil_ip2region_count(void);
/// First address of each range, ascending, host byte order.
const uint32_t *vigil_ip2region_starts(void);
/// Last address of each range.
const uint32_t *vigil_ip2region_ends(void);
/// Three name indexes per range: province, city, ISP.
const uint16_t *vigil_ip2region_info(void);
/// UTF-8 names separated by '\n'; index 0 is the empty name.
const char *vigil_ip2region_names(void);
/// Byte length of the names blob.
size_t vigil_ip2region_names_length(void);

#endif
