// NestJS reports controller: ad-hoc reports, exports, webhooks.
import { BadRequestException, Body, Controller, Get, Param, Post, Query, Res } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { HttpService } from '@nestjs/axios';
import type { Response } from 'express';
import { exec } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { Model } from 'mongoose';

const EXPORT_ROOT = '/var/lib/reports/exports';
const WEBHOOK_HOSTS = new Set(['hooks.slack.com', 'discord.com']);

@Controller('reports')
export class ReportsController {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly http: HttpService,
    private readonly reports: Model<any>,
  ) {}

  @Get('by-team')
  byTeam(@Query('team') team: string) {
    // expect: sql-injection
    return this.ds.query(`SELECT * FROM reports WHERE team = '${team}'`);
  }

  @Get('by-team/safe')
  byTeamSafe(@Query('team') team: string) {
    // ok: sql-injection
    return this.ds.query('SELECT * FROM reports WHERE team = $1', [team]);
  }

  @Get('search')
  search(@Query('q') q: string) {
    // expect: sql-injection
    return this.ds.createQueryBuilder().select('r').from('reports', 'r').where("r.title LIKE '%" + q + "%'").getMany();
  }

  @Get('search/safe')
  searchSafe(@Query('q') q: string) {
    // ok: sql-injection
    return this.ds.createQueryBuilder().select('r').from('reports', 'r').where('r.title LIKE :q', { q: `%${q}%` }).getMany();
  }

  @Get('by-owner')
  byOwner(@Query('owner') owner: string) {
    // expect: nosql-injection
    return this.reports.find({ $where: `this.owner === '${owner}'` });
  }

  @Post('filter')
  filter(@Body() body: any) {
    // expect: nosql-injection
    return this.reports.find(body.filter);
  }

  @Get('by-owner/safe')
  byOwnerSafe(@Query('owner') owner: string) {
    // ok: nosql-injection
    return this.reports.find({ owner: String(owner) });
  }

  @Post('render')
  render(@Body('format') format: string) {
    // expect: command-injection
    exec(`pandoc report.md -t ${format} -o out`);
    return { ok: true };
  }

  @Get('exports/:name')
  export(@Param('name') name: string, @Res() res: Response) {
    // expect: path-traversal
    return fs.createReadStream(path.join(EXPORT_ROOT, name)).pipe(res);
  }

  @Get('exports/v2/:name')
  exportSafe(@Param('name') name: string, @Res() res: Response) {
    // ok: path-traversal
    return fs.createReadStream(path.join(EXPORT_ROOT, path.basename(name))).pipe(res);
  }

  @Post('webhooks/test')
  webhookTest(@Body('url') url: string) {
    // expect: ssrf
    return this.http.axiosRef.post(url, { ping: true });
  }

  @Post('webhooks/test/checked')
  webhookChecked(@Body('url') url: string) {
    if (!WEBHOOK_HOSTS.has(new URL(url).hostname)) throw new BadRequestException();
    // ok: ssrf
    return this.http.axiosRef.post(url, { ping: true });
  }

  @Get('go')
  go(@Query('to') to: string, @Res() res: Response) {
    // expect: open-redirect
    return res.redirect(to);
  }

  @Get('go/internal')
  goInternal(@Query('page') page: string, @Res() res: Response) {
    const pages: Record<string, string> = { home: '/', docs: '/docs' };
    // ok: open-redirect
    return res.redirect(pages[page] ?? '/');
  }

  @Get('welcome')
  welcome(@Query('name') name: string, @Res() res: Response) {
    // expect: xss
    return res.type('html').send(`<h2>Welcome ${name}</h2>`);
  }

  @Get('formula')
  formula(@Query('expr') expr: string) {
    // expect: code-injection
    return { value: eval(expr) };
  }

  @Get('formula/safe')
  formulaSafe(@Query('expr') expr: string) {
    // ok: code-injection
    return { value: Number.parseFloat(expr) };
  }
}
