/* SPDX-License-Identifier: MIT OR Apache-2.0 */
#ifndef _SAMPLE_LINKAGE_H
#define _SAMPLE_LINKAGE_H

/* Statement separator for multi-statement asm macros (x86: ';'). */
#ifndef ASM_NL
#define ASM_NL		 ;
#endif

#endif /* _SAMPLE_LINKAGE_H */
