import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DutyModule } from '../duty/duty.module.js';
import { IdentityModule } from '../identity/identity.module.js';
import { HallsController, RegionsController, ServiceItemsController, UnitsController, WindowsController } from './catalog.controllers.js';
import { HallEntity } from './entities/hall.entity.js';
import { RegionEntity } from './entities/region.entity.js';
import { RetiredSceneEntity } from './entities/retired-scene.entity.js';
import { ServiceItemEntity } from './entities/service-item.entity.js';
import { UnitEntity } from './entities/unit.entity.js';
import { WindowEntity } from './entities/window.entity.js';
import { CatalogImportService } from './catalog-import.service.js';
import { HallsService } from './halls.service.js';
import { ImportController } from './import.controller.js';
import { RegionsService } from './regions.service.js';
import { ScanController } from './scan.controller.js';
import { ScanService } from './scan.service.js';
import { ServiceItemsService } from './service-items.service.js';
import { UnitsService } from './units.service.js';
import { WindowCodesController } from './window-codes.controller.js';
import { WindowCodesService } from './window-codes.service.js';
import { WindowsService } from './windows.service.js';
import { QrCodeModule } from '../qrcode/qrcode.module.js';
import { WechatModule } from '../wechat/wechat.module.js';

@Module({
  imports: [TypeOrmModule.forFeature([RegionEntity, UnitEntity, HallEntity, WindowEntity, RetiredSceneEntity, ServiceItemEntity]), DutyModule, IdentityModule, QrCodeModule, WechatModule],
  controllers: [RegionsController, UnitsController, HallsController, WindowsController, ServiceItemsController, ScanController, ImportController, WindowCodesController],
  providers: [RegionsService, UnitsService, HallsService, WindowsService, ServiceItemsService, ScanService, CatalogImportService, WindowCodesService],
  exports: [RegionsService, UnitsService, HallsService, WindowsService, ServiceItemsService, ScanService],
})
export class CatalogModule {}
