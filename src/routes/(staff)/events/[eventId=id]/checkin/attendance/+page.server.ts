import { db } from '$lib/server/db';
import { formValues, guardLoad, idParam, requirePrincipal, runAction } from '$lib/server/http';
import { attendancePage } from '$lib/server/checkin/views';
import { manualCheckIn, setAttendanceMarks, undoCheckIn } from '$lib/server/checkin/service';
import { parseMarksForm, parseScanContext } from '$lib/server/checkin/schema';
import { normalizeText } from '$lib/format/names';
import { invalid } from '$lib/server/errors';
import type { Actions, PageServerLoad } from './$types';
import { requireEventAccess } from '$lib/server/auth/access';

export const load: PageServerLoad = async (event) => {
	const principal = requirePrincipal(event);
	const page = await guardLoad(() => attendancePage(db(), principal, idParam(event.params.eventId)));
	// One nonce per page view: pressing "Check-in" twice (or resending the form) checks in once.
	return { ...page, nonce: crypto.randomUUID().replace(/-/g, ''), deviceId: `web-user-${principal.user.id}` };
};

function delegateIdOf(values: Record<string, string>): number {
	const id = Number(values.delegateId);
	if (!Number.isSafeInteger(id) || id <= 0) throw invalid({ delegateId: 'Thiếu mã đại biểu' });
	return id;
}

export const actions: Actions = {
	marks: async (event) => {
		const principal = requirePrincipal(event);
		const id = idParam(event.params.eventId);
		const form = await event.request.formData();
		return runAction(async () => {
			const { changed } = await setAttendanceMarks(db(), principal, id, parseMarksForm(form));
			return { ok: true, action: 'marks', changed };
		});
	},
	checkin: async (event) => {
		const principal = requirePrincipal(event);
		const id = idParam(event.params.eventId);
		const values = formValues(await event.request.formData());
		return runAction(async () => {
			await requireEventAccess(db(), principal, id, 'checkin.scan');
			const ctx = parseScanContext({ ...values, nonce: `${values.nonce}-${values.delegateId}`, deviceLabel: 'Trang điểm danh' });
			const result = await manualCheckIn(db(), principal, id, { ...ctx, delegateId: delegateIdOf(values) });
			return { ok: true, action: 'checkin', result };
		});
	},
	undo: async (event) => {
		const principal = requirePrincipal(event);
		const id = idParam(event.params.eventId);
		const values = formValues(await event.request.formData());
		return runAction(async () => {
			await requireEventAccess(db(), principal, id, 'checkin.scan');
			await undoCheckIn(db(), principal, id, { delegateId: delegateIdOf(values), reason: normalizeText(values.reason ?? '').slice(0, 300) });
			return { ok: true, action: 'undo' };
		});
	}
};
