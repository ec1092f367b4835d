/**
 * Widths of bars as classes, not style attributes: the Content-Security-Policy refuses inline styles
 * (svelte.config.js). app.css generates w-pct-0 … w-pct-100 (width: N%). A share above zero shows at least 1 %.
 */
export function widthClass(percent: number): string {
	if (!Number.isFinite(percent) || percent <= 0) return 'w-pct-0';
	return `w-pct-${Math.min(100, Math.max(1, Math.round(percent)))}`;
}

/** The columns of a seating row (app.css: seat-cols-1 … seat-cols-80). */
export function seatColsClass(seats: number): string {
	return `seat-cols-${Math.min(80, Math.max(1, Math.round(seats) || 1))}`;
}
