/**
 * Vietnamese names of the audit log's actions (the codes stay English in the database and the API). A test
 * (tests/unit/audit-labels.test.ts) fails when code writes an action that has no name here.
 */
export const AUDIT_GROUPS = {
	event: 'Hội nghị',
	delegate: 'Đại biểu',
	seating: 'Chỗ ngồi',
	invitation: 'Giấy mời',
	mail: 'Thư điện tử',
	checkin: 'Check-in',
	submission: 'Tham luận',
	programme: 'Chương trình',
	award: 'Khen thưởng',
	certificate: 'Bằng khen',
	budget: 'Kinh phí',
	account: 'Tài khoản'
} as const;

export type AuditGroup = keyof typeof AUDIT_GROUPS;

export const AUDIT_ACTIONS: Record<string, string> = {
	'account.api_token.issued': 'Cấp khóa API',
	'account.api_token.revoked': 'Thu hồi khóa API',
	'account.login': 'Đăng nhập',
	'account.organisation.created': 'Tạo đơn vị',
	'account.password.changed': 'Đổi mật khẩu',
	'account.password.reset': 'Đặt lại mật khẩu',
	'account.setup': 'Thiết lập lần đầu',
	'account.user.created': 'Tạo tài khoản',
	'account.user.disabled': 'Khóa tài khoản',
	'account.user.enabled': 'Mở khóa tài khoản',
	'account.membership.set': 'Phân quyền thành viên',
	'account.membership.removed': 'Bỏ thành viên khỏi đơn vị',

	'event.created': 'Tạo hội nghị',
	'event.updated': 'Sửa thông tin hội nghị',
	'event.tiers.updated': 'Sửa các cấp đại biểu',
	'event.archived': 'Lưu trữ hội nghị',
	'event.unarchived': 'Mở lại hội nghị đã lưu trữ',

	'delegate.created': 'Thêm đại biểu',
	'delegate.updated': 'Sửa đại biểu',
	'delegate.cancelled': 'Hủy mời đại biểu',
	'delegate.restored': 'Mời lại đại biểu',
	'delegate.placed': 'Xếp ngôi thứ người dự thay',
	'delegate.reordered': 'Sắp xếp thứ tự lễ tân',
	'delegate.import.committed': 'Nhập danh sách từ tệp',
	'delegate.import.discarded': 'Bỏ tệp danh sách chưa nhập',
	'delegate.unit_attendee.added': 'Đơn vị cử đại biểu',

	'seating.generated': 'Xếp chỗ ngồi tự động',
	'seating.updated': 'Đổi chỗ ngồi',
	'seating.cleared': 'Bỏ trống chỗ ngồi',
	'seating.rows.updated': 'Sửa hàng ghế',

	'invitation.settings.updated': 'Sửa nội dung giấy mời',
	'invitation.round.sent': 'Gửi đợt giấy mời',
	'invitation.sent': 'Gửi giấy mời',
	'invitation.resent': 'Gửi lại giấy mời',
	'invitation.reminder.sent': 'Gửi thư nhắc',
	'invitation.reply.substituted': 'Cử người dự thay',
	'invitation.substitute.added': 'Thêm người dự thay',
	'invitation.unit.attendee_removed': 'Đơn vị bỏ tên đại biểu',

	'mail.cancelled': 'Hủy thư chờ gửi',
	'mail.requeued': 'Gửi lại thư',
	'mail.smtp.updated': 'Sửa máy chủ thư',
	'mail.smtp.removed': 'Bỏ máy chủ thư',
	'mail.test.queued': 'Gửi thư thử',

	'checkin.created': 'Check-in',
	'checkin.undone': 'Hủy check-in',
	'checkin.time_corrected': 'Sửa giờ check-in (đồng bộ ngoại tuyến)',
	'checkin.walk_in.added': 'Khách không có tên trong danh sách',
	'checkin.attendance.marked': 'Ghi nhận có mặt / vắng mặt',

	'submission.call.created': 'Mở đợt nhận tham luận',
	'submission.call.updated': 'Sửa đợt nhận tham luận',
	'submission.units.invited': 'Mời đơn vị gửi tham luận',
	'submission.unit.updated': 'Sửa đơn vị gửi tham luận',
	'submission.unit.removed': 'Bỏ đơn vị gửi tham luận',
	'submission.unit.reopened': 'Mở lại cho đơn vị nộp',
	'submission.unit.closed': 'Đóng nhận của đơn vị',
	'submission.link.issued': 'Cấp liên kết nộp tham luận',
	'submission.reminders.sent': 'Nhắc đơn vị chưa nộp',
	'submission.version.uploaded': 'Nộp bản tham luận',
	'submission.details.updated': 'Sửa thông tin tham luận',
	'submission.comment.added': 'Góp ý tham luận',
	'submission.decided': 'Quyết định về tham luận',
	'submission.order.updated': 'Sắp thứ tự trình bày',
	'submission.document.created': 'Tạo văn bản nội bộ',
	'submission.document.updated': 'Sửa văn bản nội bộ',
	'submission.document.approval_reset': 'Văn bản đã duyệt có bản mới, chuyển về trình duyệt',
	'submission.booklet.generated': 'Tạo tài liệu hội nghị',
	'submission.demo.seeded': 'Nạp dữ liệu mẫu tham luận',

	'programme.item.created': 'Thêm mục chương trình',
	'programme.item.updated': 'Sửa mục chương trình',
	'programme.item.deleted': 'Xóa mục chương trình',
	'programme.item.started': 'Bắt đầu mục chương trình',
	'programme.item.ended': 'Kết thúc mục chương trình',
	'programme.item.cleared': 'Bỏ đánh dấu mục chương trình',
	'programme.reordered': 'Sắp xếp chương trình',
	'programme.template.created': 'Tạo chương trình mẫu',
	'programme.discussions.synced': 'Cập nhật tham luận vào chương trình',
	'programme.script.generated': 'Tạo kịch bản dẫn chương trình',
	'programme.script.saved': 'Sửa kịch bản dẫn chương trình',

	'award.decision.created': 'Thêm quyết định khen thưởng',
	'award.decision.updated': 'Sửa quyết định khen thưởng',
	'award.decision.deleted': 'Xóa quyết định khen thưởng',
	'award.imported': 'Nhập danh sách khen thưởng',
	'award.created': 'Thêm người được khen',
	'award.updated': 'Sửa người được khen',
	'award.deleted': 'Xóa người được khen',
	'award.form.created': 'Thêm hình thức khen thưởng',
	'award.prizes.recomputed': 'Tính lại tiền thưởng',
	'award.rules.decree.updated': 'Sửa quy định mức thưởng',
	'award.rules.coefficient.updated': 'Sửa hệ số tiền thưởng',
	'award.rules.base_salary.created': 'Thêm mức lương cơ sở',
	'award.rules.base_salary.updated': 'Sửa mức lương cơ sở',
	'award.delegates.linked': 'Gắn người được khen với đại biểu',
	'award.batches.generated': 'Tạo các đợt trao thưởng',
	'award.batches.arranged': 'Sắp xếp đợt trao thưởng',
	'award.batch.updated': 'Sửa đợt trao thưởng',
	'award.stage.moved': 'Điều khiển sân khấu trao thưởng',

	'certificate.settings.updated': 'Sửa mẫu in bằng khen',
	'certificate.register.assigned': 'Cấp số vào sổ bằng khen',
	'certificate.register.renumbered': 'Đánh lại số vào sổ',

	'budget.source.created': 'Thêm nguồn kinh phí',
	'budget.source.updated': 'Sửa nguồn kinh phí',
	'budget.source.deleted': 'Xóa nguồn kinh phí',
	'budget.line.created': 'Thêm khoản dự toán',
	'budget.line.updated': 'Sửa khoản dự toán',
	'budget.line.deleted': 'Xóa khoản dự toán',
	'budget.line.recomputed': 'Tính lại khoản tự tính',
	'budget.expense.created': 'Ghi chứng từ thực chi',
	'budget.expense.reversed': 'Đảo bút toán',
	'budget.expense.receipt_attached': 'Đính kèm bản quét chứng từ',
	'budget.norm.created': 'Thêm định mức',
	'budget.norm.updated': 'Sửa định mức',
	'budget.norm.seeded': 'Nạp định mức mặc định',
	'budget.signers.updated': 'Sửa người ký báo cáo kinh phí'
};

/** The Vietnamese name of an action; an unknown code is shown as it is. */
export function auditLabel(action: string): string {
	return AUDIT_ACTIONS[action] ?? action;
}

export function isAuditGroup(v: unknown): v is AuditGroup {
	return typeof v === 'string' && Object.hasOwn(AUDIT_GROUPS, v);
}
