import { error } from '@sveltejs/kit';
import { db } from '$lib/server/db';
import { isDomainError } from '$lib/server/errors';
import { unitVersionFile } from '$lib/server/submissions/public';
import { fileResponse } from '$lib/server/files/download';
import { downloadName } from '$lib/server/files/inspect';
import { fileStore } from '$lib/server/files/store';
import type { RequestHandler } from './$types';

/** The unit downloads one of its own versions (by its personal link). */
export const GET: RequestHandler = async ({ params }) => {
	try {
		const v = await unitVersionFile(db(), params.token, Number(params.versionId));
		return await fileResponse(fileStore(), { sha256: v.sha256, contentType: v.content_type, fileName: downloadName(v.file_name, v.file_kind) });
	} catch (e) {
		if (isDomainError(e)) error(e.status, { message: e.message, code: e.code });
		throw e;
	}
};
