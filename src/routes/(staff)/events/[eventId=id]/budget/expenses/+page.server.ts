import { db } from '$lib/server/db';
import { formValues, idParam, requirePrincipal, runAction } from '$lib/server/http';
import { invalid } from '$lib/server/errors';
import { requireEventAccess } from '$lib/server/auth/access';
import { attachReceipt, createExpense, reverseExpense } from '$lib/server/budget/service';
import { parseExpenseInput, parseReversalInput } from '$lib/server/budget/schema';
import { receiptFromForm, storeReceipt } from '$lib/server/budget/receipts';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ url }) => ({ reverseId: Number(url.searchParams.get('reverse')) || null });

export const actions: Actions = {
	create: async (event) => {
		const principal = requirePrincipal(event);
		const eventId = idParam(event.params.eventId);
		const form = await event.request.formData();
		const values = formValues(form);
		return runAction(async () => {
			await requireEventAccess(db(), principal, eventId, 'budget.edit');
			const parsed = parseExpenseInput(values);
			if (!parsed.ok) throw invalid(parsed.errors);
			// The scan is checked (type by content, size) and stored before the entry: a refused file
			// never leaves an entry without the receipt the officer meant to attach.
			const upload = await receiptFromForm(form.get('receipt'));
			const receipt = upload ? await storeReceipt(upload.bytes, upload.name) : null;
			await createExpense(db(), principal, eventId, parsed.value, receipt);
			return { ok: true, action: 'create' };
		}, values);
	},
	reverse: async (event) => {
		const principal = requirePrincipal(event);
		const eventId = idParam(event.params.eventId);
		const values = formValues(await event.request.formData());
		return runAction(async () => {
			await requireEventAccess(db(), principal, eventId, 'budget.edit');
			const parsed = parseReversalInput(values);
			if (!parsed.ok) throw invalid(parsed.errors);
			await reverseExpense(db(), principal, eventId, Number(values.id), parsed.value);
			return { ok: true, action: 'reverse' };
		}, { ...values, form: 'reverse' });
	},
	receipt: async (event) => {
		const principal = requirePrincipal(event);
		const eventId = idParam(event.params.eventId);
		const form = await event.request.formData();
		const values = formValues(form);
		return runAction(async () => {
			await requireEventAccess(db(), principal, eventId, 'budget.edit');
			const upload = await receiptFromForm(form.get('receipt'));
			if (!upload) throw invalid({ receipt: 'Chọn tệp ảnh hoặc PDF của chứng từ' });
			await attachReceipt(db(), principal, eventId, Number(values.id), await storeReceipt(upload.bytes, upload.name));
			return { ok: true, action: 'receipt' };
		}, { ...values, form: 'receipt' });
	}
};
