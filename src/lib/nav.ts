/**
 * The sections of an event, in the order of a conference's life. Each capability adds its entry here;
 * an entry shows only to roles holding its permission (the server checks again on every request).
 */
export interface EventNavItem {
	/** Path under /events/[id]; '' is the overview. */
	path: string;
	label: string;
	permission: string;
	/** Other paths that belong to this tab (highlighted as it). */
	also?: string[];
}

export const EVENT_NAV: EventNavItem[] = [
	{ path: '', label: 'Tổng quan', permission: 'event.view' },
	{ path: '/delegates', label: 'Đại biểu', permission: 'delegate.view' },
	{ path: '/invitations', label: 'Giấy mời', permission: 'delegate.view', also: ['/mail'] },
	{ path: '/submissions', label: 'Tham luận', permission: 'submission.view' },
	{ path: '/programme', label: 'Chương trình', permission: 'programme.view' },
	{ path: '/awards', label: 'Khen thưởng', permission: 'award.view' },
	{ path: '/certificates', label: 'Bằng khen', permission: 'certificate.print' },
	{ path: '/checkin', label: 'Check-in', permission: 'checkin.view' },
	{ path: '/stage', label: 'Sân khấu', permission: 'programme.view' },
	{ path: '/budget', label: 'Kinh phí', permission: 'budget.view' },
	{ path: '/settings', label: 'Thông tin', permission: 'event.view' },
	{ path: '/audit', label: 'Nhật ký', permission: 'audit.view' }
];
