/// The version of this package and of the native library it wraps (the
/// workspace's version; `scripts/check-version.sh` keeps them equal).
public let chatPlatformVersion = "0.1.0"
