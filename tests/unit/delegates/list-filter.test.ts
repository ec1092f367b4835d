import { describe, expect, it } from 'vitest';
import { filterFromParams, filterRows, type FilterableRow } from '$lib/delegate-list';
import { searchKey } from '$lib/format';

const row = (name: string, o: Partial<FilterableRow> = {}): FilterableRow & { id: number } => ({
	id: Math.random(),
	status: 'active',
	tierId: 1,
	replyStatus: 'pending',
	kind: 'person',
	needsPlacing: false,
	key: searchKey(name),
	name,
	...o
});

describe('delegate list filter (shared by the page and its load)', () => {
	const rows = [
		row('Nguyễn Thị Hồng'),
		row('Trần Văn An', { tierId: 2, replyStatus: 'attending' }),
		row('Lê Thị Bình', { tierId: 2, needsPlacing: true }),
		row('Phạm Văn Cường', { status: 'replaced', replyStatus: 'substituted' }),
		row('UBND xã Phước Bình', { kind: 'unit', tierId: 3 })
	];

	it('reads the filter from the URL', () => {
		expect(filterFromParams(new URLSearchParams('q=hong&tier=2&reply=attending&kind=unit&needsPlacing=1&sort=name'))).toEqual({
			q: 'hong',
			tier: '2',
			reply: 'attending',
			kind: 'unit',
			placing: true,
			sort: 'name'
		});
		expect(filterFromParams(new URLSearchParams('sort=other')).sort).toBe('');
	});

	it('filters by search without accents, tier, reply, kind and placing; hides the replaced unless asked', () => {
		const f = filterFromParams(new URLSearchParams());
		expect(filterRows(rows, f).map((r) => r.name)).toEqual(['Nguyễn Thị Hồng', 'Trần Văn An', 'Lê Thị Bình', 'UBND xã Phước Bình']);
		expect(filterRows(rows, { ...f, q: 'nguyen thi hong' }).map((r) => r.name)).toEqual(['Nguyễn Thị Hồng']);
		expect(filterRows(rows, { ...f, tier: '2' }).map((r) => r.name)).toEqual(['Trần Văn An', 'Lê Thị Bình']);
		expect(filterRows(rows, { ...f, reply: 'attending' }).map((r) => r.name)).toEqual(['Trần Văn An']);
		expect(filterRows(rows, { ...f, kind: 'unit' }).map((r) => r.name)).toEqual(['UBND xã Phước Bình']);
		expect(filterRows(rows, { ...f, placing: true }).map((r) => r.name)).toEqual(['Lê Thị Bình']);
		expect(filterRows(rows, { ...f, reply: 'substituted' }).map((r) => r.name)).toEqual(['Phạm Văn Cường']);
	});

	it('sorts by given name (tên) in Vietnamese order when asked, else keeps protocol order', () => {
		const f = { ...filterFromParams(new URLSearchParams()), kind: 'person' };
		expect(filterRows(rows, { ...f, sort: 'name' }).map((r) => r.name)).toEqual(['Trần Văn An', 'Lê Thị Bình', 'Nguyễn Thị Hồng']);
	});
});
