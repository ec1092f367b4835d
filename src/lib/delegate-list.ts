/**
 * The delegate list's filters, shared by the page (instant filtering in the browser) and its load function
 * (the first render, the page without JavaScript, and lists too large to send whole).
 */
import { matchesSearchKey, searchKey, sortByVietnameseName } from '$lib/format';

export interface ListFilter {
	q: string;
	tier: string;
	reply: string;
	kind: string;
	placing: boolean;
	sort: '' | 'name';
}

export interface FilterableRow {
	status: string;
	tierId: number;
	replyStatus: string;
	kind: string;
	needsPlacing: boolean;
	/** searchKey of the row's text (name, unit, position, phone, code…). */
	key: string;
	name: string;
}

/**
 * Above this many rows the list is filtered on the server and only the matches are sent (at most
 * SERVER_ROWS of them): a province-wide list of 15,000 would otherwise be 7 MB of page data.
 */
export const CLIENT_FILTER_MAX = 2000;
export const SERVER_ROWS = 1000;

export function filterFromParams(p: URLSearchParams): ListFilter {
	return {
		q: p.get('q') ?? '',
		tier: p.get('tier') ?? '',
		reply: p.get('reply') ?? '',
		kind: p.get('kind') ?? '',
		placing: p.get('needsPlacing') === '1',
		sort: p.get('sort') === 'name' ? 'name' : ''
	};
}

/** Rows matching the filter, in protocol order (as given) or by Vietnamese name (tên, đệm, họ). */
export function filterRows<T extends FilterableRow>(items: T[], f: ListFilter): T[] {
	const key = searchKey(f.q);
	const t = Number(f.tier) || 0;
	const list = items.filter(
		(d) =>
			(d.status !== 'replaced' || f.reply === 'substituted') &&
			(!t || d.tierId === t) &&
			(!f.reply || d.replyStatus === f.reply) &&
			(!f.kind || d.kind === f.kind) &&
			(!f.placing || d.needsPlacing) &&
			(!key || matchesSearchKey(d.key, key))
	);
	return f.sort === 'name' ? sortByVietnameseName(list, (d) => d.name) : list;
}
