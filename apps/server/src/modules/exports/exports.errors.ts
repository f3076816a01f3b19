import { HttpStatus } from '@nestjs/common';
import { ErrorCode } from '@hcp/contracts';
import { AppException } from '../../common/errors/app-exception.js';

export const ExportErrors = {
  cursorInvalid: () => new AppException(ErrorCode.ExportCursorInvalid, HttpStatus.BAD_REQUEST, '导出游标无效：请使用上一页返回的游标，且不要改变起止日期'),
  rangeInvalid: (message: string) => new AppException(ErrorCode.ExportRangeInvalid, HttpStatus.BAD_REQUEST, message),
};
