import { json } from '@sveltejs/kit';
import { api, apiIdParam, readJsonObject } from '$lib/server/http';
import { db } from '$lib/server/db';
import { requireEventAccess } from '$lib/server/auth/access';
import { discardImport, previewImport, type ImportOptions } from '$lib/server/delegates/import';
import { importPreviewDto } from '$lib/server/delegates/dto';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = api(async ({ params, url }, principal) => {
	const p = await previewImport(db(), principal, apiIdParam(params.eventId), params.importId ?? '');
	return json(importPreviewDto(p, url.searchParams.get('rows') === 'problems' ? 'problems' : 'all'));
});

export const PATCH: RequestHandler = api(async ({ params, request, url }, principal) => {
	const eventId = apiIdParam(params.eventId);
	await requireEventAccess(db(), principal, eventId, 'delegate.edit');
	const body = await readJsonObject(request);
	const options = (body.options && typeof body.options === 'object' ? body.options : body) as Partial<ImportOptions>;
	const p = await previewImport(db(), principal, eventId, params.importId ?? '', options);
	return json(importPreviewDto(p, url.searchParams.get('rows') === 'problems' ? 'problems' : 'all'));
});

export const DELETE: RequestHandler = api(async ({ params }, principal) => {
	await discardImport(db(), principal, apiIdParam(params.eventId), params.importId ?? '');
	return json({ ok: true });
});
