import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { NotificationPreferenceEntity } from './notification-preference.entity';
import { PreferencesController } from './preferences.controller';

@Module({
  imports: [TypeOrmModule.forFeature([NotificationPreferenceEntity])],
  controllers: [PreferencesController],
  exports: [TypeOrmModule],
})
export class PreferencesModule {}
