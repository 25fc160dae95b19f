/// <reference types="@tarojs/taro" />

declare module '*.css';

declare namespace NodeJS {
  interface ProcessEnv {
    TARO_ENV?: 'weapp' | 'h5' | string;
    TARO_APP_API_BASE?: string;
    TARO_APP_DOOR_HOST?: string;
  }
}
