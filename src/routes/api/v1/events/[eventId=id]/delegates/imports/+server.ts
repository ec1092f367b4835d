import { json } from '@sveltejs/kit';
import { api, apiIdParam } from '$lib/server/http';
import { db } from '$lib/server/db';
import { requireEventAccess } from '$lib/server/auth/access';
import { DomainError } from '$lib/server/errors';
import { createImport, type ImportOptions } from '$lib/server/delegates/import';
import { importPreviewDto } from '$lib/server/delegates/dto';
import { MAX_FILE_BYTES } from '$lib/server/sheets';
import type { RequestHandler } from './$types';

/** multipart/form-data (field `file`, optional `options` JSON) or the file's bytes as the body. */
export const POST: RequestHandler = api(async ({ params, request, url }, principal) => {
	const eventId = apiIdParam(params.eventId);
	await requireEventAccess(db(), principal, eventId, 'delegate.edit');
	const type = request.headers.get('content-type') ?? '';
	const declared = Number(request.headers.get('content-length') ?? 0);
	if (declared > MAX_FILE_BYTES + 64 * 1024)
		throw new DomainError('too_large', 'Tệp quá lớn: giới hạn là 10 MB', { status: 413 });
	let bytes: Uint8Array;
	let filename = url.searchParams.get('filename') ?? 'danh-sach';
	let options: Partial<ImportOptions> = {};
	if (type.startsWith('multipart/form-data')) {
		const form = await request.formData();
		const file = form.get('file');
		if (!(file instanceof File)) throw new DomainError('invalid_input', 'Thiếu tệp (trường "file")', { fields: { file: 'Chọn tệp danh sách' } });
		bytes = new Uint8Array(await file.arrayBuffer());
		filename = file.name || filename;
		const o = form.get('options');
		if (typeof o === 'string' && o.trim()) {
			try {
				options = JSON.parse(o);
			} catch {
				throw new DomainError('invalid_json', 'Tùy chọn (options) không phải JSON hợp lệ');
			}
		}
	} else {
		bytes = new Uint8Array(await request.arrayBuffer());
	}
	const preview = await createImport(db(), principal, eventId, { bytes, filename }, options);
	return json(importPreviewDto(preview, url.searchParams.get('rows') === 'problems' ? 'problems' : 'all'), { status: 201 });
});
