// libsodium, for the sealed boxes GitHub's secrets API exchanges (crypto_box_seal).
#include <sodium.h>
