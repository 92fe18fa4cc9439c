/* SPDX-License-Identifier: GPL-2.0 */
#ifndef LINUX_DEVICE_ID_VCHIQ_H
#define LINUX_DEVICE_ID_VCHIQ_H

struct vchiq_device_id {
	char name[32];
};

#endif /* ifndef LINUX_DEVICE_ID_VCHIQ_H */
