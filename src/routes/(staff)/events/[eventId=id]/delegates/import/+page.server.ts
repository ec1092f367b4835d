import { redirect } from '@sveltejs/kit';
import { db } from '$lib/server/db';
import { guardLoad, idParam, requirePrincipal, runAction } from '$lib/server/http';
import { requireEventAccess } from '$lib/server/auth/access';
import { DomainError, isDomainError } from '$lib/server/errors';
import {
	commitImport,
	createImport,
	discardImport,
	previewImport,
	setImportOptions,
	trimPreview,
	type ImportOptions
} from '$lib/server/delegates/import';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const principal = requirePrincipal(event);
	const eventId = idParam(event.params.eventId);
	await guardLoad(() => requireEventAccess(db(), principal, eventId, 'delegate.edit'));
	const id = event.url.searchParams.get('id');
	if (!id) return { preview: null, previewError: null };
	try {
		const preview = await previewImport(db(), principal, eventId, id);
		return { preview: trimPreview(preview, 300), previewError: null };
	} catch (e) {
		if (isDomainError(e) && e.status !== 403) return { preview: null, previewError: { code: e.code, message: e.message } };
		throw e;
	}
};

function optionsFrom(form: FormData): Partial<ImportOptions> {
	const aliases: Record<string, string> = {};
	for (const [k, v] of form.entries()) {
		if (k.startsWith('alias:') && typeof v === 'string' && v) aliases[k.slice(6)] = v;
	}
	const o: Partial<ImportOptions> = { tierAliases: aliases };
	const matched = form.get('matched');
	if (matched === 'update' || matched === 'skip') o.matched = matched;
	const order = form.get('order');
	if (order === 'rank' || order === 'file') o.order = order;
	return o;
}

export const actions: Actions = {
	upload: async (event) => {
		const principal = requirePrincipal(event);
		const eventId = idParam(event.params.eventId);
		const form = await event.request.formData();
		const file = form.get('file');
		const result = await runAction(async () => {
			await requireEventAccess(db(), principal, eventId, 'delegate.edit');
			if (!(file instanceof File) || file.size === 0)
				throw new DomainError('invalid_input', 'Chọn tệp danh sách (.xlsx hoặc .csv)', { fields: { file: 'Chọn tệp' } });
			const preview = await createImport(db(), principal, eventId, { bytes: new Uint8Array(await file.arrayBuffer()), filename: file.name }, optionsFrom(form));
			return preview.importId;
		});
		if (typeof result === 'string') redirect(303, `/events/${eventId}/delegates/import?id=${result}`);
		return result;
	},
	options: async (event) => {
		const principal = requirePrincipal(event);
		const eventId = idParam(event.params.eventId);
		const form = await event.request.formData();
		const id = String(form.get('importId') ?? '');
		const result = await runAction(async () => {
			await setImportOptions(db(), principal, eventId, id, optionsFrom(form));
			return true;
		});
		if (result === true) redirect(303, `/events/${eventId}/delegates/import?id=${id}`);
		return result;
	},
	commit: async (event) => {
		const principal = requirePrincipal(event);
		const eventId = idParam(event.params.eventId);
		const form = await event.request.formData();
		const id = String(form.get('importId') ?? '');
		const result = await runAction(() =>
			commitImport(db(), principal, eventId, id, {
				planDigest: String(form.get('planDigest') ?? '') || undefined,
				sha256: String(form.get('sha256') ?? '') || undefined,
				skipErrorRows: form.get('skipErrorRows') === '1'
			})
		);
		if (result && typeof result === 'object' && 'created' in result) redirect(303, `/events/${eventId}/delegates?imported=${result.created}&updated=${result.updated}`);
		return result;
	},
	discard: async (event) => {
		const principal = requirePrincipal(event);
		const eventId = idParam(event.params.eventId);
		const form = await event.request.formData();
		const result = await runAction(async () => {
			await discardImport(db(), principal, eventId, String(form.get('importId') ?? ''));
			return true;
		});
		if (result === true) redirect(303, `/events/${eventId}/delegates/import`);
		return result;
	}
};
