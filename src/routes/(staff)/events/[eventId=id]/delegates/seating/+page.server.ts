import { db } from '$lib/server/db';
import { guardLoad, idParam, requirePrincipal, runAction } from '$lib/server/http';
import { DomainError, invalid } from '$lib/server/errors';
import { can } from '$lib/server/auth/permissions';
import { assignSeat, clearSeating, DEFAULT_ROWS, generateSeating, getSeatingPlan, setSeatingRows } from '$lib/server/delegates/seating';
import { parseSeatingRows } from '$lib/server/delegates/schema';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const principal = requirePrincipal(event);
	const eventId = idParam(event.params.eventId);
	const plan = await guardLoad(() => getSeatingPlan(db(), principal, eventId));
	const { role } = await event.parent();
	return { plan, canEdit: can(role, 'delegate.edit'), defaultRows: DEFAULT_ROWS };
};

export const actions: Actions = {
	generate: async (event) => {
		const principal = requirePrincipal(event);
		const eventId = idParam(event.params.eventId);
		const form = await event.request.formData();
		return runAction(async () => {
			const r = await generateSeating(db(), principal, eventId, { mode: form.get('mode') === 'empty' ? 'empty' : 'all' });
			return { ok: true, action: 'generate', ...r };
		});
	},
	clear: async (event) => {
		const principal = requirePrincipal(event);
		const eventId = idParam(event.params.eventId);
		return runAction(async () => {
			await clearSeating(db(), principal, eventId);
			return { ok: true, action: 'clear' };
		});
	},
	assign: async (event) => {
		const principal = requirePrincipal(event);
		const eventId = idParam(event.params.eventId);
		const form = await event.request.formData();
		return runAction(async () => {
			// "rowId:seatIndex" from the seat picker, or the two fields.
			const seat = String(form.get('seat') ?? '');
			const [rowId, seatIndex] = seat.includes(':') ? seat.split(':').map(Number) : [Number(form.get('rowId')), Number(form.get('seatIndex'))];
			const raw = String(form.get('delegateId') ?? '');
			const delegateId = raw === '' || raw === 'none' ? null : Number(raw);
			if (!Number.isSafeInteger(rowId) || !Number.isSafeInteger(seatIndex)) throw invalid({ seat: 'Chọn ghế' });
			if (delegateId !== null && !Number.isSafeInteger(delegateId)) throw invalid({ delegateId: 'Chọn đại biểu' });
			await assignSeat(db(), principal, eventId, { rowId, seatIndex, delegateId });
			return { ok: true, action: 'assign' };
		});
	},
	rows: async (event) => {
		const principal = requirePrincipal(event);
		const eventId = idParam(event.params.eventId);
		const form = await event.request.formData();
		return runAction(async () => {
			let raw: unknown;
			try {
				raw = JSON.parse(String(form.get('rows') ?? '[]'));
			} catch {
				throw new DomainError('invalid_input', 'Danh sách hàng ghế không hợp lệ');
			}
			const parsed = parseSeatingRows(raw);
			if (!parsed.ok) throw invalid(parsed.errors, Object.values(parsed.errors)[0]);
			await setSeatingRows(db(), principal, eventId, parsed.value);
			return { ok: true, action: 'rows' };
		});
	}
};
