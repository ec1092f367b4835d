/** OpenAPI paths for tham luận: the call, invited units, submissions and versions, reviews, the booklet. */
import { errorResponses, idParameter } from '$lib/server/api/helpers';

const json = (schema: object) => ({ 'application/json': { schema } });
const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const ev = idParameter('eventId', 'Mã hội nghị');
const sub = idParameter('submissionId', 'Mã tham luận hoặc văn bản');
const unit = idParameter('unitId', 'Mã đơn vị được mời');
const ok = (schema: object, description = 'OK') => ({ description, content: json(schema) });
const pdfOrDocx = {
	'application/pdf': { schema: { type: 'string', format: 'binary' } },
	'application/vnd.openxmlformats-officedocument.wordprocessingml.document': { schema: { type: 'string', format: 'binary' } }
};

export const submissionSchemas = {
	SubmissionCall: {
		type: 'object',
		properties: {
			id: { type: 'integer' },
			guidance: { type: 'string', description: 'Nội dung đề nghị viết tham luận' },
			deadline: { type: 'string', format: 'date-time', description: 'Hạn nộp; không có múi giờ thì hiểu là giờ Việt Nam' },
			acceptPdf: { type: 'boolean' },
			acceptDocx: { type: 'boolean' },
			maxSizeMb: { type: 'integer', minimum: 1, maximum: 20 },
			expectedLength: { type: 'string', examples: ['3–5 trang A4'] },
			speakingMinutes: { type: 'integer', minimum: 1, maximum: 120 }
		}
	},
	SubmissionUnit: {
		type: 'object',
		properties: {
			id: { type: 'integer' },
			name: { type: 'string' },
			email: { type: ['string', 'null'] },
			contactName: { type: 'string' },
			delegateId: { type: ['integer', 'null'] },
			invitedAt: { type: ['string', 'null'], format: 'date-time' },
			lastRemindedAt: { type: ['string', 'null'], format: 'date-time' },
			reminderCount: { type: 'integer' },
			reopenedUntil: { type: ['string', 'null'], format: 'date-time' },
			activeLinks: { type: 'integer' },
			submissionId: { type: ['integer', 'null'] },
			title: { type: 'string' },
			status: { type: ['string', 'null'], enum: ['submitted', 'presented', 'printed', 'revision', 'rejected', null] },
			versions: { type: 'integer' },
			resubmitted: { type: 'boolean', description: 'Đã nộp lại sau khi bị trả lại' }
		}
	},
	Submission: {
		type: 'object',
		properties: {
			id: { type: 'integer' },
			kind: { type: 'string', enum: ['tham_luan', 'main_report', 'directing_speech', 'opening_speech'] },
			unitId: { type: ['integer', 'null'] },
			unitName: { type: ['string', 'null'] },
			title: { type: 'string' },
			presenterName: { type: 'string' },
			presenterPosition: { type: 'string' },
			summary: { type: 'string' },
			status: { type: ['string', 'null'], enum: ['submitted', 'presented', 'printed', 'revision', 'rejected', null], description: 'Tham luận' },
			docStatus: { type: ['string', 'null'], enum: ['draft', 'for_approval', 'approved', null], description: 'Văn bản nội bộ' },
			ownerUserId: { type: ['integer', 'null'] },
			ownerUnit: { type: 'string' },
			decisionNote: { type: 'string' },
			presentationOrder: { type: ['integer', 'null'] },
			speakingMinutes: { type: ['integer', 'null'] },
			currentVersionId: { type: ['integer', 'null'] }
		}
	},
	SubmissionVersion: {
		type: 'object',
		properties: {
			id: { type: 'integer' },
			number: { type: 'integer' },
			fileName: { type: 'string' },
			fileKind: { type: 'string', enum: ['pdf', 'docx'] },
			contentType: { type: 'string' },
			size: { type: 'integer' },
			sha256: { type: 'string', pattern: '^[0-9a-f]{64}$' },
			pageCount: { type: ['integer', 'null'] },
			convertedToPdf: { type: 'boolean' },
			uploadedVia: { type: 'string', enum: ['link', 'staff', 'api', 'demo'] },
			uploadedBy: { type: 'string' },
			createdAt: { type: 'string', format: 'date-time' }
		}
	},
	SubmissionReview: {
		type: 'object',
		properties: {
			id: { type: 'integer' },
			versionId: { type: ['integer', 'null'] },
			author: { type: 'string' },
			decision: { type: ['string', 'null'], enum: ['presented', 'printed', 'revision', 'rejected', null] },
			body: { type: 'string' },
			reopenedUntil: { type: ['string', 'null'], format: 'date-time' },
			createdAt: { type: 'string', format: 'date-time' }
		}
	},
	Booklet: {
		type: 'object',
		properties: {
			id: { type: 'integer' },
			pageCount: { type: 'integer' },
			size: { type: 'integer' },
			sha256: { type: 'string' },
			durationMs: { type: 'integer' },
			contents: {
				type: 'array',
				items: {
					type: 'object',
					properties: {
						submissionId: { type: 'integer' },
						section: { type: 'string', enum: ['report', 'presented', 'printed'] },
						title: { type: 'string' },
						unit: { type: 'string' },
						startPage: { type: 'integer' },
						pages: { type: 'integer' },
						converted: { type: 'boolean' }
					}
				}
			},
			missing: {
				type: 'array',
				items: {
					type: 'object',
					properties: {
						submissionId: { type: 'integer' },
						title: { type: 'string' },
						reason: { type: 'string', enum: ['docx_needs_pdf', 'no_version', 'conversion_failed', 'unreadable'] },
						message: { type: 'string' }
					}
				}
			},
			warnings: {
				type: 'array',
				description: 'Lý do chưa nên in tài liệu: thiếu báo cáo chính, báo cáo chưa được duyệt, hoặc báo cáo đã có bản mới sau khi tạo tài liệu (tính theo văn bản hiện tại)',
				items: {
					type: 'object',
					properties: {
						code: { type: 'string', enum: ['report_missing', 'report_not_approved', 'report_changed'] },
						message: { type: 'string' }
					}
				}
			}
		}
	}
};

const base = '/events/{eventId}/submissions';

export const submissionPaths = {
	[base]: {
		parameters: [ev],
		get: {
			summary: 'Đợt nhận tham luận, các đơn vị được mời (kèm tình trạng tham luận) và văn bản nội bộ',
			operationId: 'listSubmissions',
			responses: { '200': ok({ type: 'object', properties: { call: ref('SubmissionCall'), units: { type: 'array', items: ref('SubmissionUnit') }, documents: { type: 'array', items: ref('Submission') } } }), ...errorResponses(403, 404) }
		},
		post: {
			summary: 'Tạo văn bản nội bộ ({kind, title, ownerUserId, ownerUnit}; luôn là dự thảo: docStatus trình duyệt/đã duyệt bị từ chối vì chưa có tệp, mã no_version) hoặc tham luận thay mặt đơn vị ({unitId, title, presenterName, …})',
			operationId: 'createSubmission',
			requestBody: { required: true, content: json({ type: 'object' }) },
			responses: { '201': ok(ref('Submission'), 'Đã tạo'), ...errorResponses(400, 403, 404, 409) }
		}
	},
	[`${base}/summary`]: {
		parameters: [ev],
		get: { summary: 'Số liệu tóm tắt (thẻ tổng quan)', operationId: 'submissionSummary', responses: { '200': ok({ type: 'object' }), ...errorResponses(403, 404) } }
	},
	[`${base}/presented`]: {
		parameters: [ev],
		get: {
			summary: 'Tham luận được chọn trình bày, theo thứ tự (dùng cho chương trình hội nghị)',
			operationId: 'presentedSubmissions',
			responses: { '200': ok({ type: 'object' }), ...errorResponses(403, 404) }
		}
	},
	[`${base}/call`]: {
		parameters: [ev],
		get: { summary: 'Đợt nhận tham luận', operationId: 'getSubmissionCall', responses: { '200': ok({ type: 'object', properties: { call: ref('SubmissionCall') } }), ...errorResponses(403, 404) } },
		put: {
			summary: 'Tạo hoặc sửa đợt nhận tham luận',
			operationId: 'saveSubmissionCall',
			requestBody: { required: true, content: json(ref('SubmissionCall')) },
			responses: { '200': ok({ type: 'object', properties: { call: ref('SubmissionCall') } }), ...errorResponses(400, 403, 404) }
		}
	},
	[`${base}/units`]: {
		parameters: [ev],
		get: { summary: 'Đơn vị được mời và đơn vị trong danh sách đại biểu chưa mời', operationId: 'listSubmissionUnits', responses: { '200': ok({ type: 'object' }), ...errorResponses(403, 404) } },
		post: {
			summary: 'Mời đơn vị gửi tham luận; trả về liên kết riêng của từng đơn vị (chỉ một lần)',
			operationId: 'inviteSubmissionUnits',
			requestBody: {
				required: true,
				content: json({
					type: 'object',
					properties: {
						units: { type: 'array', items: { type: 'object', properties: { name: { type: 'string' }, email: { type: ['string', 'null'] }, contactName: { type: 'string' } } } },
						delegateIds: { type: 'array', items: { type: 'integer' } },
						sendMail: { type: 'boolean', default: true }
					}
				})
			},
			responses: { '201': ok({ type: 'object' }, 'Đã mời'), ...errorResponses(400, 403, 404, 409) }
		}
	},
	[`${base}/units/{unitId}`]: {
		parameters: [ev, unit],
		patch: { summary: 'Sửa tên, email, người liên hệ của đơn vị', operationId: 'updateSubmissionUnit', requestBody: { required: true, content: json({ type: 'object' }) }, responses: { '200': ok({ type: 'object' }), ...errorResponses(400, 403, 404, 409) } },
		delete: { summary: 'Bỏ mời đơn vị chưa gửi gì', operationId: 'removeSubmissionUnit', responses: { '200': ok({ type: 'object' }), ...errorResponses(403, 404, 409) } }
	},
	[`${base}/units/{unitId}/links`]: {
		parameters: [ev, unit],
		post: {
			summary: 'Cấp liên kết riêng mới (revokeOthers: thu hồi các liên kết cũ)',
			operationId: 'issueSubmissionLink',
			requestBody: { content: json({ type: 'object', properties: { revokeOthers: { type: 'boolean' } } }) },
			responses: { '201': ok({ type: 'object', properties: { link: { type: 'string' }, revoked: { type: 'integer' } } }), ...errorResponses(400, 403, 404) }
		}
	},
	[`${base}/units/{unitId}/reopen`]: {
		parameters: [ev, unit],
		post: {
			summary: 'Mở lại việc nộp cho một đơn vị sau hạn (until), hoặc đóng lại (until: null)',
			operationId: 'reopenSubmissionUnit',
			requestBody: { required: true, content: json({ type: 'object', properties: { until: { type: ['string', 'null'], format: 'date-time' } } }) },
			responses: { '200': ok({ type: 'object' }), ...errorResponses(400, 403, 404) }
		}
	},
	[`${base}/reminders`]: {
		parameters: [ev],
		post: {
			summary: 'Nhắc các đơn vị chưa nộp (mỗi thư kèm liên kết riêng); round giữ cho việc nhắc không lặp',
			operationId: 'sendSubmissionReminders',
			requestBody: { content: json({ type: 'object', properties: { round: { type: 'string' }, unitIds: { type: 'array', items: { type: 'integer' } } } }) },
			responses: { '200': ok({ type: 'object', properties: { queued: { type: 'integer' }, noEmail: { type: 'array', items: { type: 'string' } }, alreadySent: { type: 'integer' } } }), ...errorResponses(400, 403, 404, 409) }
		}
	},
	[`${base}/order`]: {
		parameters: [ev],
		put: {
			summary: 'Thứ tự và thời gian trình bày của các tham luận được chọn trình bày (đủ danh sách); các mục tham luận của chương trình (nếu đã lập) theo ngay, programme cho biết số mục thêm/sửa/bỏ',
			operationId: 'setPresentationOrder',
			requestBody: { required: true, content: json({ type: 'object', properties: { order: { type: 'array', items: { type: 'object', properties: { id: { type: 'integer' }, speakingMinutes: { type: 'integer' } } } } } }) },
			responses: { '200': ok({ type: 'object' }), ...errorResponses(400, 403, 404, 409) }
		}
	},
	[`${base}/{submissionId}`]: {
		parameters: [ev, sub],
		get: { summary: 'Tham luận hoặc văn bản, kèm các phiên bản và ý kiến', operationId: 'getSubmission', responses: { '200': ok(ref('Submission')), ...errorResponses(403, 404) } },
		patch: {
			summary: 'Sửa thông tin tham luận, hoặc người phụ trách và trạng thái văn bản nội bộ',
			operationId: 'updateSubmission',
			requestBody: { required: true, content: json({ type: 'object' }) },
			responses: { '200': ok(ref('Submission')), ...errorResponses(400, 403, 404, 409) }
		}
	},
	[`${base}/{submissionId}/versions`]: {
		parameters: [ev, sub],
		get: { summary: 'Các phiên bản (kích thước, SHA-256)', operationId: 'listSubmissionVersions', responses: { '200': ok({ type: 'object', properties: { versions: { type: 'array', items: ref('SubmissionVersion') } } }), ...errorResponses(403, 404) } },
		post: {
			summary: 'Tải lên phiên bản mới: nội dung là tệp (tên ở ?filename=) hoặc multipart với trường file; tối đa 20 MB; kiểm tra theo nội dung. Bản mới của văn bản đã duyệt đưa văn bản về “Trình duyệt” (approvalReset: true)',
			operationId: 'uploadSubmissionVersion',
			parameters: [{ name: 'filename', in: 'query', schema: { type: 'string' } }],
			requestBody: { required: true, content: { 'application/octet-stream': { schema: { type: 'string', format: 'binary' } }, ...pdfOrDocx, 'multipart/form-data': { schema: { type: 'object', properties: { file: { type: 'string', format: 'binary' } } } } } },
			responses: {
				'201': ok({ allOf: [ref('SubmissionVersion'), { type: 'object', properties: { approvalReset: { type: 'boolean', description: 'Văn bản đã duyệt chuyển về “Trình duyệt” vì nội dung thay đổi' } } }] }, 'Đã lưu'),
				...errorResponses(400, 403, 404, 413, 422)
			}
		}
	},
	[`${base}/{submissionId}/versions/{versionId}`]: {
		parameters: [ev, sub, idParameter('versionId', 'Mã phiên bản')],
		get: { summary: 'Tải tệp của phiên bản (attachment)', operationId: 'downloadSubmissionVersion', responses: { '200': { description: 'Tệp', content: pdfOrDocx }, ...errorResponses(403, 404) } }
	},
	[`${base}/{submissionId}/reviews`]: {
		parameters: [ev, sub],
		get: { summary: 'Ý kiến và quyết định', operationId: 'listSubmissionReviews', responses: { '200': ok({ type: 'object', properties: { reviews: { type: 'array', items: ref('SubmissionReview') } } }), ...errorResponses(403, 404) } },
		post: {
			summary: 'Ghi ý kiến {body} hoặc quyết định {decision, body, reopenUntil}; quyết định được gửi thư cho đơn vị',
			operationId: 'reviewSubmission',
			requestBody: { required: true, content: json({ type: 'object', properties: { decision: { type: ['string', 'null'], enum: ['presented', 'printed', 'revision', 'rejected', null] }, body: { type: 'string' }, reopenUntil: { type: 'string', format: 'date-time' } } }) },
			responses: {
				'201': ok({
					type: 'object',
					properties: {
						reviewId: { type: 'integer' },
						mailed: { type: 'boolean' },
						programme: {
							type: ['object', 'null'],
							description: 'Khi tham luận được chọn hoặc thôi trình bày: số mục tham luận của chương trình đã thêm/sửa/bỏ (null: chưa lập chương trình)',
							properties: { added: { type: 'integer' }, updated: { type: 'integer' }, removed: { type: 'integer' } }
						}
					}
				}),
				...errorResponses(400, 403, 404, 409)
			}
		}
	},
	[`${base}/booklet`]: {
		parameters: [ev],
		get: { summary: 'Tài liệu hội nghị tạo gần nhất (mục lục, trang bắt đầu, văn bản chưa đưa vào, cảnh báo về báo cáo chính)', operationId: 'getBooklet', responses: { '200': ok({ type: 'object', properties: { booklet: ref('Booklet') } }), ...errorResponses(403, 404) } },
		post: { summary: 'Tạo tài liệu hội nghị từ các phiên bản hiện tại (kèm cảnh báo nếu báo cáo chính thiếu hoặc chưa được duyệt)', operationId: 'generateBooklet', responses: { '201': ok({ type: 'object', properties: { booklet: ref('Booklet') } }), ...errorResponses(403, 404, 409) } }
	},
	[`${base}/booklet/file`]: {
		parameters: [ev, { name: 'id', in: 'query', schema: { type: 'integer' }, description: 'Một bản cũ hơn' }],
		get: { summary: 'Tệp PDF tài liệu hội nghị', operationId: 'downloadBooklet', responses: { '200': { description: 'PDF', content: { 'application/pdf': { schema: { type: 'string', format: 'binary' } } } }, ...errorResponses(403, 404) } }
	}
};
