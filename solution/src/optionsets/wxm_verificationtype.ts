/** Verification of an Official Account; externalValue is WeChat's verify_type_info.id. */
import { label } from '../dsl/labels.js';
import type { OptionSetDef } from '../dsl/types-components.js';

const verificationType: OptionSetDef = {
  name: 'wxm_verificationtype',
  codeName: 'VerificationType',
  displayName: label('Verification', '认证'),
  description: label('Whether and how WeChat verified the account.', '公众号是否通过微信认证以及认证方式。'),
  options: [
    { value: 472610000, name: 'Unverified', label: label('Not Verified', '未认证'), externalValue: '-1' },
    { value: 472610001, name: 'WeChat', label: label('WeChat Verified', '微信认证'), externalValue: '0' },
    { value: 472610002, name: 'SinaWeibo', label: label('Sina Weibo Verified', '新浪微博认证'), externalValue: '1' },
    { value: 472610003, name: 'TencentWeibo', label: label('Tencent Weibo Verified', '腾讯微博认证'), externalValue: '2' },
    { value: 472610004, name: 'QualificationOnly', label: label('Qualification Verified, Name Pending', '已资质认证，名称未认证'), externalValue: '3' },
    {
      value: 472610005,
      name: 'QualificationSinaWeibo',
      label: label('Qualification and Sina Weibo, Name Pending', '已资质认证及新浪微博认证，名称未认证'),
      externalValue: '4',
    },
    {
      value: 472610006,
      name: 'QualificationTencentWeibo',
      label: label('Qualification and Tencent Weibo, Name Pending', '已资质认证及腾讯微博认证，名称未认证'),
      externalValue: '5',
    },
  ],
};

export default verificationType;
