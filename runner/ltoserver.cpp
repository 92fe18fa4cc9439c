// thinpost's in-process ThinLTO backend server (`--runner lto`).
//
// One process per worker slot, started once, running many backend jobs one after the
// other with LLVM's own ThinLTO backend (`llvm::lto::thinBackend`), configured as
// in-process ld.lld configures it: no process, no dynamic loading, no static
// constructors and no fresh address space per job. A job is the `clang -x ir
// -fthinlto-index=SHARD -c -o OUT IN` command thinpost would run; the server reads
// the three paths from it and nothing else: the kernel's code-generation options
// travel in the bitcode (function attributes, module flags), which is how in-process
// ThinLTO gets them too. So its natives are lld's, not clang's: thinpost keeps them
// under their own content keys.
//
// A job the server does not take exactly as lld would (an option that changes what
// clang writes, an empty or skipped index, no ThinLTO module) or one that draws any
// warning or error from LLVM is *declined*: its output is removed and thinpost runs
// the clang command instead, so a job's messages and status are always clang's.
//
// Built by build.rs against each LLVM major it finds (`llvm-config-N`), linked to
// that major's libLLVM; thinpost picks the one matching the job's compiler.
//
// Protocol (integers little-endian u32; framing.h, shared with the fork server), on
// standard input and output:
//   hello:    "TPLT", protocol version (1), LLVM major.
//   request:  total length, then NUL-terminated strings: the directory, then argv.
//   response: kind (0 compiled, 3 declined), code (0), stdout length, stdout, stderr
//             length, stderr (a declined job's reason).
//   The server exits at the end of its input.
//
// With THINPOST_LTOSERVER_HUGE_TEXT=1 (thinpost sets it while memory allows), a server
// that has run HUGE_TEXT_AFTER jobs moves libLLVM's text onto huge pages (huge_text.h):
// ~5-10% less CPU per job from fewer instruction-TLB misses, for ~200 MiB of private
// memory and ~0.8 s of CPU once (copying the text, taking huge pages) -- paid only by
// servers that have many jobs behind them and likely ahead (a kernel's vmlinux link),
// not by the two of every small module link.

#include "llvm/ADT/StringMap.h"
#include "llvm/Bitcode/BitcodeReader.h"
#include "llvm/CodeGen/CommandFlags.h"
#include "llvm/Config/llvm-config.h"
#include "llvm/IR/DiagnosticInfo.h"
#include "llvm/IR/DiagnosticPrinter.h"
#include "llvm/IR/Module.h"
#include "llvm/IR/ModuleSummaryIndex.h"
#include "llvm/LTO/Config.h"
#include "llvm/LTO/LTOBackend.h"
#include "llvm/Support/Caching.h"
#include "llvm/Support/Error.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/TargetSelect.h"
#include "llvm/Support/raw_ostream.h"
#include "llvm/Transforms/IPO/FunctionImport.h"

#include "framing.h"
#include "huge_text.h"

#include <cerrno>
#include <cstdlib>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <string>
#include <unistd.h>
#include <vector>

using namespace llvm;

// lld registers the code-generation flags so that their defaults make its target
// options (initTargetOptionsFromCodeGenFlags); the same here.
static codegen::RegisterCodeGenFlags CodeGenFlags;

namespace {

struct Job {
  std::string Input, Index, Output;
};

// Options after which the next word is the option's value, not the input. Options
// joined to their value (-I/x, -DX, --target=x) need no entry.
bool takesValue(StringRef A) {
  static const char *const Separate[] = {
      "-o",        "-x",        "-include",    "-imacros",  "-isystem", "-idirafter", "-iquote",
      "-I",        "-D",        "-U",          "-MF",       "-MT",      "-MQ",        "-target",
      "-Xclang",   "-mllvm",    "-Xassembler", "-Xlinker",  "-L",       "-l",         "-arch",
      "-isysroot", "-iprefix",  "-iwithprefix", "-ivfsoverlay", "-z",  "-u",         "-T"};
  for (const char *S : Separate)
    if (A == S)
      return true;
  return false;
}

// Reads a backend job's command, or says why the server does not take it.
Expected<Job> parseJob(const std::vector<std::string> &Argv) {
  Job J;
  bool IR = false, Compile = false;
  std::vector<std::string> Inputs;
  for (size_t I = 1; I < Argv.size(); ++I) {
    StringRef A = Argv[I];
    // Anything that makes clang write something other than one object, or that
    // hands options to LLVM or to -cc1 directly, is clang's to run.
    if (A == "-S" || A == "-E" || A == "-emit-llvm" || A == "-mllvm" || A == "-Xclang" ||
        A.starts_with("-save-temps") || A.starts_with("-fembed-bitcode") || A == "-gsplit-dwarf" ||
        A.starts_with("-ftime-") || A.starts_with("-fprofile") || A.starts_with("-fcs-profile") ||
        A.starts_with("-fsample-profile") || A.starts_with("-fprofile-sample") ||
        A.starts_with("-fthin-link-bitcode") || A.starts_with("-fsave-optimization-record") ||
        A == "-###" || A == "-v" || A == "-fsyntax-only" || A == "-M" || A == "-MM" ||
        A.starts_with("--version") || A.starts_with("--help") || A.starts_with("-print-") ||
        A.starts_with("--print-") || A.starts_with("-dump") || A.starts_with("-fbasic-block-") || A.starts_with("-fsplit-machine"))
      return createStringError(inconvertibleErrorCode(), "option " + A + " is clang's to run");
    if (A == "-c") {
      Compile = true;
    } else if (A == "-x" && I + 1 < Argv.size()) {
      IR = Argv[++I] == "ir";
    } else if (A == "-o" && I + 1 < Argv.size()) {
      J.Output = Argv[++I];
    } else if (A.starts_with("-fthinlto-index=")) {
      J.Index = A.drop_front(strlen("-fthinlto-index=")).str();
    } else if (takesValue(A)) {
      ++I;
    } else if (!A.starts_with("-") || A == "-") {
      Inputs.push_back(A.str());
    }
  }
  if (!IR || !Compile || J.Output.empty() || J.Index.empty() || Inputs.size() != 1 || Inputs[0] == "-")
    return createStringError(inconvertibleErrorCode(),
                             "not a `-x ir -fthinlto-index=... -c -o OUT IN` backend command");
  J.Input = Inputs[0];
  return J;
}

// The configuration ld.lld gives its in-process ThinLTO backends (lld/ELF/LTO.cpp,
// createConfig) for a link without LTO options, as kbuild's `ld.lld -r` is.
lto::Config lldConfig() {
  lto::Config C;
  C.Options = codegen::InitTargetOptionsFromCodeGenFlags(Triple());
  C.Options.EmitAddrsig = true;
  C.Options.FunctionSections = true;
  C.Options.DataSections = true;
  C.Options.UniqueBasicBlockSectionNames = true;
  // lld -r: no relocation model; LLVM takes the module's (its "PIC Level" flag).
  C.RelocModel = codegen::getExplicitRelocModel();
  C.CodeModel = codegen::getExplicitCodeModel();
  C.OptLevel = 2;
  C.CGOptLevel = CodeGenOptLevel::Default;
  C.CPU = codegen::getCPUStr();
  C.MAttrs = codegen::getMAttrs();
  C.PTO.LoopVectorization = C.OptLevel > 1;
  C.PTO.SLPVectorization = C.OptLevel > 1;
  return C;
}

// Runs one job in the current directory. Returns an empty string when the output was
// written, else why the job is declined (the output is then removed).
std::string runJob(const Job &J) {
  lto::Config Conf = lldConfig();
  std::string Diagnostics;
  Conf.DiagHandler = [&](const DiagnosticInfo &DI) {
    if (DI.getSeverity() != DS_Error && DI.getSeverity() != DS_Warning)
      return;
    raw_string_ostream OS(Diagnostics);
    DiagnosticPrinterRawOStream DP(OS);
    OS << "LLVM diagnostic: ";
    DI.print(DP);
    OS << "\n";
  };

  Expected<std::unique_ptr<ModuleSummaryIndex>> IndexOrErr =
      getModuleSummaryIndexForFile(J.Index, /*IgnoreEmptyThinLTOIndexFile=*/true);
  if (!IndexOrErr)
    return "cannot read the index: " + toString(IndexOrErr.takeError());
  std::unique_ptr<ModuleSummaryIndex> Index = std::move(*IndexOrErr);
  if (!Index)
    return "empty index file";
  if (Index->skipModuleByDistributedBackend())
    return "the index skips this module";

  ErrorOr<std::unique_ptr<MemoryBuffer>> Buf = MemoryBuffer::getFile(J.Input);
  if (!Buf)
    return "cannot read " + J.Input + ": " + Buf.getError().message();
  Expected<BitcodeModule> BM = lto::findThinLTOModule((*Buf)->getMemBufferRef());
  if (!BM)
    return "no ThinLTO module: " + toString(BM.takeError());

  lto::LTOLLVMContext Ctx(Conf);
  Expected<std::unique_ptr<Module>> M = BM->parseModule(Ctx);
  if (!M)
    return "cannot parse " + J.Input + ": " + toString(M.takeError());

  DenseMap<StringRef, GVSummaryMapTy> DefinedPerModule;
  Index->collectDefinedGVSummariesPerModule(DefinedPerModule);
#if LLVM_VERSION_MAJOR >= 20
  FunctionImporter::ImportIDTable ImportIDs;
  FunctionImporter::ImportMapTy ImportList(ImportIDs);
#else
  FunctionImporter::ImportMapTy ImportList;
#endif
  if (!lto::initImportList(**M, *Index, ImportList))
    return "cannot read the import list";

  SmallVector<char, 0> Object;
  auto AddStream = [&](unsigned, const Twine &) -> Expected<std::unique_ptr<CachedFileStream>> {
    return std::make_unique<CachedFileStream>(std::make_unique<raw_svector_ostream>(Object));
  };
  Error E = lto::thinBackend(Conf, /*Task=*/0, AddStream, **M, *Index, ImportList,
                             DefinedPerModule[(*M)->getModuleIdentifier()],
                             /*ModuleMap=*/nullptr
#if LLVM_VERSION_MAJOR >= 20
                             ,
                             /*CodeGenOnly=*/false
#endif
  );
  if (E)
    return "backend failed: " + toString(std::move(E));
  if (!Diagnostics.empty())
    return Diagnostics;
  if (Object.empty())
    return "the backend wrote nothing";

  int Fd = open(J.Output.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
  if (Fd < 0)
    return "cannot write " + J.Output + ": " + strerror(errno);
  bool Ok = write_all(Fd, Object.data(), Object.size()) == 0;
  Ok = close(Fd) == 0 && Ok;
  if (!Ok) {
    unlink(J.Output.c_str());
    return "cannot write " + J.Output + ": " + strerror(errno);
  }
  return "";
}

constexpr unsigned HUGE_TEXT_AFTER = 32;

} // namespace

int main(int argc, char **) {
  if (argc != 1)
    return 2;
  InitializeAllTargetInfos();
  InitializeAllTargets();
  InitializeAllTargetMCs();
  InitializeAllAsmParsers();
  InitializeAllAsmPrinters();

  // Requests on 0 and responses on 1, moved away so nothing LLVM prints reaches them.
  int In = fcntl(0, F_DUPFD_CLOEXEC, 3);
  int Out = fcntl(1, F_DUPFD_CLOEXEC, 3);
  int Null = open("/dev/null", O_RDWR | O_CLOEXEC);
  if (In < 0 || Out < 0 || Null < 0)
    return 125;
  dup2(Null, 0);
  dup2(Null, 1);
  if (write_all(Out, "TPLT", 4) || write_u32(Out, 1) || write_u32(Out, LLVM_VERSION_MAJOR))
    return 0;
  const char *Huge = getenv("THINPOST_LTOSERVER_HUGE_TEXT");
  bool WantHugeText = Huge && strcmp(Huge, "1") == 0;
  unsigned Jobs = 0;

  for (;;) {
    // Between jobs: nothing of libLLVM runs, and the server has one thread.
    if (WantHugeText && Jobs++ == HUGE_TEXT_AFTER)
      thinpost_huge_text();
    uint32_t Len;
    if (read_u32(In, &Len))
      return 0;
    std::string Req(Len, '\0');
    if (read_all(In, Req.data(), Len))
      return 0;
    std::vector<std::string> Words;
    for (size_t P = 0; P < Req.size();) {
      size_t End = Req.find('\0', P);
      if (End == std::string::npos)
        End = Req.size();
      Words.emplace_back(Req, P, End - P);
      P = End + 1;
    }
    std::string Why;
    if (Words.size() < 2) {
      Why = "empty request";
    } else if (chdir(Words[0].c_str()) != 0) {
      Why = "cannot enter " + Words[0] + ": " + strerror(errno);
    } else {
      std::vector<std::string> Argv(Words.begin() + 1, Words.end());
      Expected<Job> J = parseJob(Argv);
      if (!J) {
        Why = toString(J.takeError());
      } else {
        Why = runJob(*J);
        if (!Why.empty())
          unlink(J->Output.c_str());
      }
    }
    uint32_t Kind = Why.empty() ? 0 : 3;
    if (write_u32(Out, Kind) || write_u32(Out, 0) || write_u32(Out, 0) ||
        write_u32(Out, static_cast<uint32_t>(Why.size())) || write_all(Out, Why.data(), Why.size()))
      return 0;
  }
}
