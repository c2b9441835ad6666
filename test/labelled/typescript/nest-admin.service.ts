// NestJS admin service and controller: maintenance tasks an operator triggers from the UI.
import { Body, Controller, Injectable, Post, Query, Get } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { execSync, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import fetch from 'node-fetch';
import * as crypto from 'crypto';

@Injectable()
export class AdminService {
  constructor(private readonly em: EntityManager) {}

  vacuum(table: string) {
    // expect: sql-injection
    return this.em.query(`VACUUM ANALYZE ${table}`);
  }

  vacuumKnown(table: 'users' | 'orders') {
    const name = table === 'users' ? 'users' : 'orders';
    // ok: sql-injection
    return this.em.query(`VACUUM ANALYZE ${name}`);
  }

  restart(service: string) {
    // expect: command-injection
    return spawnSync('systemctl restart ' + service, { shell: true });
  }

  restartArgv(service: string) {
    // ok: command-injection
    return spawnSync('systemctl', ['restart', service]);
  }

  tail(file: string) {
    // expect: path-traversal
    return fs.readFileSync(path.join('/var/log', file), 'utf8').split('\n').slice(-100);
  }

  async ping(url: string) {
    // expect: ssrf
    return (await fetch(url)).status;
  }

  token() {
    // expect: weak-random
    return Math.random().toString(16).slice(2);
  }

  tokenGood() {
    // ok: weak-random
    return crypto.randomBytes(16).toString('hex');
  }
}

@Controller('admin')
export class AdminController {
  constructor(private readonly admin: AdminService) {}

  @Post('vacuum')
  vacuum(@Body('table') table: string) {
    // expect: sql-injection
    return this.admin.vacuum(table);
  }

  @Post('restart')
  restart(@Body('service') service: string) {
    // expect: command-injection
    return this.admin.restart(service);
  }

  @Get('tail')
  tail(@Query('file') file: string) {
    // expect: path-traversal
    return this.admin.tail(file);
  }

  @Get('exec')
  run(@Query('cmd') cmd: string) {
    // expect: command-injection
    return execSync(cmd).toString();
  }
}
