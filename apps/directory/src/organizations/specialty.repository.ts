import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { Repository } from 'typeorm';
import { SpecialtyEntity } from './specialty.entity';

@Injectable()
export class SpecialtyRepository {
  constructor(@InjectRepository(SpecialtyEntity) private readonly specialties: Repository<SpecialtyEntity>) {}

  all(): Promise<SpecialtyEntity[]> {
    return this.specialties.find({ order: { code: 'ASC' } });
  }
}
