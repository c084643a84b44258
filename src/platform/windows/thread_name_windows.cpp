#include "platform/thread_name.hpp"

#include <windows.h>

#include <string>

namespace flowscope::platform {

void nameThisThread(std::string_view name) {
    // SetThreadDescription exists from Windows 10 1607 on; looked up at run time so older
    // systems simply go without names.
    using SetDescription = HRESULT(WINAPI*)(HANDLE, PCWSTR);
    static const auto setDescription = reinterpret_cast<SetDescription>(
        reinterpret_cast<void*>(GetProcAddress(GetModuleHandleW(L"kernel32.dll"), "SetThreadDescription")));
    if (setDescription == nullptr)
        return;
    // Thread names here are ASCII, so a byte-for-byte widening is exact.
    const std::wstring wide(name.begin(), name.end());
    static_cast<void>(setDescription(GetCurrentThread(), wide.c_str()));
}

} // namespace flowscope::platform
