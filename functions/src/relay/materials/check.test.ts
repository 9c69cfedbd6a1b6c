/** WeChat's upload limits, checked before any call: extension, real format, size, voice length, a video's description. */
import { describe, expect, it } from 'vitest';
import { checkUpload } from './check.js';
import { voiceSeconds } from './duration.js';
import { explainUploadRefusal } from './reasons.js';
import { amr, jpeg, mp3, mp4, png } from './test-files.js';

const MB = 1024 * 1024;

describe('checkUpload', () => {
  it('passes each purpose its own files, naming the format', () => {
    expect(checkUpload({ name: 'a.PNG', bytes: png() }, 'temporary-image')).toEqual({ format: 'png', extension: 'png' });
    expect(checkUpload({ name: 'a.jpg', bytes: jpeg() }, 'thumb')).toEqual({ format: 'jpeg', extension: 'jpg' });
    expect(checkUpload({ name: 'v.amr', bytes: amr(60) }, 'permanent-voice')).toEqual({ format: 'amr', extension: 'amr' });
    expect(checkUpload({ name: 'v.mp3', bytes: mp3(59) }, 'temporary-voice')).toEqual({ format: 'mp3', extension: 'mp3' });
    expect(checkUpload({ name: 'c.mp4', bytes: mp4() }, 'permanent-video', { title: 'T', introduction: 'I' })).toEqual({ format: 'mp4', extension: 'mp4' });
  });

  it('refuses a name without an extension, an extension the purpose does not take, and content of another format', () => {
    expect(checkUpload({ name: 'banner', bytes: png() }, 'permanent-image')).toEqual({
      code: 'no-extension',
      name: 'banner',
      allowed: ['jpg', 'jpeg', 'png', 'gif', 'bmp'],
    });
    expect(checkUpload({ name: 'cover.png', bytes: png() }, 'thumb')).toEqual({ code: 'extension', extension: 'png', allowed: ['jpg', 'jpeg'] });
    expect(checkUpload({ name: 'a.gif', bytes: png() }, 'article-image')).toMatchObject({ code: 'extension', extension: 'gif' });
    expect(checkUpload({ name: 'cover.jpg', bytes: png() }, 'thumb')).toEqual({ code: 'format', extension: 'jpg', found: 'png' });
    expect(checkUpload({ name: 'a.png', bytes: new TextEncoder().encode('hello') }, 'temporary-image')).toEqual({ code: 'format', extension: 'png' });
    expect(checkUpload({ name: 'a.png', bytes: new Uint8Array(0) }, 'temporary-image')).toEqual({ code: 'empty' });
  });

  it('refuses past each size: image 10 MB, voice 2 MB, thumb 64 KB, article image below 1 MB', () => {
    expect(checkUpload({ name: 'a.png', bytes: png(10 * MB) }, 'permanent-image')).toMatchObject({ format: 'png' });
    expect(checkUpload({ name: 'a.png', bytes: png(10 * MB + 1) }, 'temporary-image')).toEqual({ code: 'too-large', bytes: 10 * MB + 1, limit: '10 MB' });
    expect(checkUpload({ name: 'a.jpg', bytes: jpeg(64 * 1024 + 1) }, 'thumb')).toMatchObject({ code: 'too-large', limit: '64 KB' });
    expect(checkUpload({ name: 'a.jpg', bytes: jpeg(MB - 1) }, 'article-image')).toMatchObject({ format: 'jpeg' });
    expect(checkUpload({ name: 'a.jpg', bytes: jpeg(MB) }, 'article-image')).toMatchObject({ code: 'too-large', limit: '1 MB' });
    expect(checkUpload({ name: 'a.mp4', bytes: mp4(10 * MB + 1) }, 'temporary-video')).toMatchObject({ code: 'too-large' });
  });

  it('refuses a voice over 60 seconds, one whose frames cannot be read, and a permanent video without title and description', () => {
    expect(checkUpload({ name: 'v.amr', bytes: amr(61) }, 'temporary-voice')).toEqual({ code: 'too-long', seconds: 61, max: 60 });
    expect(checkUpload({ name: 'v.mp3', bytes: mp3(61) }, 'permanent-voice')).toMatchObject({ code: 'too-long', max: 60 });
    const broken = amr(1).slice(0, 30);
    expect(checkUpload({ name: 'v.amr', bytes: broken }, 'temporary-voice')).toEqual({ code: 'unreadable-voice' });
    expect(checkUpload({ name: 'c.mp4', bytes: mp4() }, 'permanent-video')).toEqual({ code: 'video-description' });
    expect(checkUpload({ name: 'c.mp4', bytes: mp4() }, 'permanent-video', { title: ' ', introduction: 'x' })).toEqual({ code: 'video-description' });
    // A temporary video needs none.
    expect(checkUpload({ name: 'c.mp4', bytes: mp4() }, 'temporary-video')).toMatchObject({ format: 'mp4' });
  });

  it('reads voice lengths from the frames', () => {
    expect(voiceSeconds(amr(12.5), 'amr')).toBeCloseTo(12.5, 5);
    expect(voiceSeconds(mp3(30), 'mp3')).toBeCloseTo(30, 1);
  });

  it('explains every refusal in English, then Chinese, naming WeChat’s code where it has one', () => {
    expect(explainUploadRefusal({ code: 'no-extension', name: 'banner', allowed: ['jpg', 'png'] })).toEqual({
      en: 'Not uploaded: the file name "banner" has no extension; WeChat needs one of .jpg, .png (40113).',
      zh: '未上传：文件名“banner”没有扩展名；微信要求以下扩展名之一：.jpg, .png（40113）。',
    });
    expect(explainUploadRefusal({ code: 'too-large', bytes: 70 * 1024, limit: '64 KB' })).toEqual({
      en: 'Not uploaded: the file is 70 KB; WeChat takes at most 64 KB for this purpose.',
      zh: '未上传：文件大小为 70 KB；此用途微信最多接受 64 KB。',
    });
  });
});
