#include "platform/app_paths.hpp"

#ifndef NOMINMAX
#define NOMINMAX
#endif
#include <windows.h>
#include <knownfolders.h>
#include <shlobj.h>

#include <stdexcept>

namespace flowscope::platform {

std::filesystem::path defaultDataDir() {
    // %APPDATA% (roaming profile) through the Known Folder API rather than the
    // environment, which a parent process may have changed.
    PWSTR path = nullptr;
    const HRESULT result = SHGetKnownFolderPath(FOLDERID_RoamingAppData, KF_FLAG_DEFAULT, nullptr, &path);
    if (FAILED(result) || path == nullptr) {
        CoTaskMemFree(path);
        throw std::runtime_error("cannot find the AppData folder; pass --data-dir");
    }
    std::filesystem::path dir(path);
    CoTaskMemFree(path);
    return dir / "Flowscope";
}

} // namespace flowscope::platform
