/// <reference types="@tarojs/taro" />

declare module '*.css';

declare namespace NodeJS {
  interface ProcessEnv {
    TARO_ENV?: 'weapp' | 'h5' | string;
    TARO_APP_API_BASE?: string;
    TARO_APP_DOOR_HOST?: string;
  }
}

/** Taro's px -> rpx/rem PostCSS plugin (a dependency of @tarojs/webpack5-runner, untyped). */
declare module 'postcss-pxtransform' {
  import type { PluginCreator } from 'postcss';
  const pxtransform: PluginCreator<Record<string, unknown>>;
  export = pxtransform;
}
